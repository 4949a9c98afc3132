import { describe, expect, it } from "vitest";
import type { Schemas } from "./api/client";
import { canModerate } from "./canModerate";

const community = (my_role: Schemas["Community"]["my_role"]): Schemas["Community"] => ({
  slug: "books",
  name: "Books",
  description: "",
  rules: "",
  visibility: "public",
  member_count: 1,
  post_count: 0,
  created_at: "2026-01-01T00:00:00.000000Z",
  my_role,
  my_subscription: null,
});
const user = (role: Schemas["User"]["role"]): Schemas["User"] => ({
  id: 1,
  username: "ada",
  email: "ada@example.com",
  role,
  email_verified: true,
  created_at: "2026-01-01T00:00:00.000000Z",
});

describe("canModerate", () => {
  it("lets the community's owner and moderators, and site admins, in", () => {
    expect(canModerate(community("owner"), user("member"))).toBe(true);
    expect(canModerate(community("moderator"), user("member"))).toBe(true);
    expect(canModerate(community(null), user("admin"))).toBe(true);
  });
  it("keeps members, outsiders and guests out", () => {
    expect(canModerate(community("member"), user("member"))).toBe(false);
    expect(canModerate(community(null), user("moderator"))).toBe(false);
    expect(canModerate(community("owner"), null)).toBe(false);
  });
});
