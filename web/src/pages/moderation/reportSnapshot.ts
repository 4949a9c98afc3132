import type { Schemas } from "../../api/client";

type Report = Schemas["Report"];

// What the reported post or comment looked like (the API sends it as a
// loosely typed object: post {title, body, state, author}, comment {body,
// state, post_id, author}); null fields when it is gone or malformed.
export interface Snapshot {
  title: string | null; // posts only
  body: string;
  state: string; // visible, deleted, removed
  author: string | null;
  postId: number | null; // the post itself, or the comment's post
}

export function snapshotOf(report: Report): Snapshot | null {
  const raw: unknown = report.content;
  if (typeof raw !== "object" || raw === null) return null;
  const c = raw as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  const postId = report.target_type === "post" ? report.target_id : typeof c.post_id === "number" ? c.post_id : null;
  return {
    title: report.target_type === "post" ? text(c.title) : null,
    body: text(c.body) ?? "",
    state: text(c.state) ?? "visible",
    author: text(c.author),
    postId,
  };
}

// Where the reported content can be seen (moderators also see removed
// content there).
export function contentLink(report: Report, snapshot: Snapshot | null): string | null {
  if (report.target_type === "post") return `/p/${report.target_id}`;
  return snapshot?.postId ? `/p/${snapshot.postId}#comment-${report.target_id}` : null;
}
