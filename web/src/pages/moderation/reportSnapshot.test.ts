import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { contentLink, snapshotOf } from "./reportSnapshot";

const report = (over: Partial<Schemas["Report"]>, content: unknown): Schemas["Report"] => ({
  id: 1,
  target_type: "post",
  target_id: 42,
  reason: "spam",
  details: "",
  status: "open",
  reporter: "ada",
  resolved_by: null,
  created_at: "2026-01-01T00:00:00.000000Z",
  resolved_at: null,
  content: content as Schemas["Report"]["content"],
  ...over,
});

describe("snapshotOf", () => {
  it("reads a post's snapshot and links to the post", () => {
    const r = report({}, { title: "Buy cheap watches", body: "cheap", state: "visible", author: "spammer" });
    expect(snapshotOf(r)).toEqual({
      title: "Buy cheap watches",
      body: "cheap",
      state: "visible",
      author: "spammer",
      postId: 42,
    });
    expect(contentLink(r, snapshotOf(r))).toBe("/p/42");
  });
  it("reads a comment's snapshot and links to the comment in its post", () => {
    const r = report({ target_type: "comment", target_id: 7 }, { body: "rude", state: "removed", post_id: 3, author: null });
    expect(snapshotOf(r)).toEqual({ title: null, body: "rude", state: "removed", author: null, postId: 3 });
    expect(contentLink(r, snapshotOf(r))).toBe("/p/3#comment-7");
  });
  it("copes with content that is gone or not what it should be", () => {
    expect(snapshotOf(report({}, null))).toBeNull();
    const odd = report({ target_type: "comment" }, { body: 5, post_id: "3" });
    expect(snapshotOf(odd)).toEqual({ title: null, body: "", state: "visible", author: null, postId: null });
    expect(contentLink(odd, snapshotOf(odd))).toBeNull();
  });
});
