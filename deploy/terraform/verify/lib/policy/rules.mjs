// Every policy rule, in one list.
import s3 from "./rules-s3.mjs";
import rds from "./rules-rds.mjs";
import networkEks from "./rules-network-eks.mjs";
import edge from "./rules-edge.mjs";
import messaging from "./rules-messaging.mjs";
import iamKms from "./rules-iam-kms.mjs";
import iamRoles from "./rules-iam-roles.mjs";
import observability from "./rules-observability.mjs";

export const RULES = [...s3, ...rds, ...networkEks, ...edge, ...messaging, ...iamKms, ...iamRoles, ...observability];
