import type { Schemas } from "./api/client";

// Who acts on a community's reports: its owner and moderators, and site
// admins (the server's rule, mirrored to show or hide the way in).
export function canModerate(community: Schemas["Community"], me: Schemas["User"] | null): boolean {
  if (!me) return false;
  return community.my_role === "owner" || community.my_role === "moderator" || me.role === "admin";
}
