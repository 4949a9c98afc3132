// Where things are: the Terraform tree is the parent of this suite.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const VERIFY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const TERRAFORM_DIR = path.resolve(VERIFY_DIR, "..");
export const FIXTURES_DIR = path.join(VERIFY_DIR, "fixtures");
