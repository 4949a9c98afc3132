import { useEffect, useId, useState } from "react";
import { Link } from "react-router";
import { api, expectOk, unwrap, type Schemas } from "../../api/client";
import { Alert } from "../../components/Alert";
import { ConfirmAction } from "../../components/ConfirmAction";
import { RelativeTime } from "../../components/RelativeTime";
import { TextAreaField } from "../../components/TextAreaField";
import { formText } from "../../formText";
import { ban, BanFields } from "./ban";
import { reasonLabel } from "../../reportReasons";
import { contentLink, snapshotOf } from "./reportSnapshot";

type Report = Schemas["Report"];
type Resolution = Schemas["ResolveRequest"]["status"];

// One report in the queue with what a moderator can do about it: close it
// (resolved or dismissed), remove or restore what was reported, lock or
// pin a reported post, ban its author. Removing and banning ask first.
export function ReportItem({
  report,
  slug,
  onResolved,
  announce,
}: {
  report: Report;
  slug: string;
  onResolved: (report: Report, status: Resolution) => void;
  announce: (message: string) => void;
}) {
  const headingId = useId();
  const snapshot = snapshotOf(report);
  const link = contentLink(report, snapshot);
  const isPost = report.target_type === "post";
  const noun = isPost ? "post" : "comment";
  // The content's state now (it changes as the moderator acts on it here).
  const [state, setState] = useState(snapshot?.state ?? "visible");
  // Lock and pin are not in the snapshot: read the post itself.
  const [post, setPost] = useState<Schemas["Post"] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = report.status === "open";

  useEffect(() => {
    if (!isPost || !open) return;
    let live = true;
    void api.GET("/api/v1/posts/{id}", { params: { path: { id: report.target_id } } }).then((r) => {
      if (live && r.data) {
        setPost(r.data);
        setState(r.data.state);
      }
    });
    return () => {
      live = false;
    };
  }, [isPost, open, report.target_id]);

  // One request at a time per report; the failure said next to the buttons.
  async function act(run: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(e instanceof Error ? e.message : "That did not work.");
    } finally {
      setBusy(false);
    }
  }

  const resolve = (status: Resolution) =>
    act(async () => {
      expectOk(
        await api.POST("/api/v1/reports/{id}/resolve", { params: { path: { id: report.id } }, body: { status } }),
      );
      onResolved(report, status);
    });

  const toggle = (what: "lock" | "pin") =>
    act(async () => {
      if (!post) return;
      const path = { params: { path: { id: post.id } } };
      const next =
        what === "lock"
          ? unwrap(await api.POST("/api/v1/posts/{id}/lock", { ...path, body: { locked: !post.locked } }))
          : unwrap(await api.POST("/api/v1/posts/{id}/pin", { ...path, body: { pinned: !post.pinned } }));
      setPost(next);
      announce(
        what === "lock"
          ? next.locked
            ? "The post is locked: only moderators can comment."
            : "The post is unlocked."
          : next.pinned
            ? "The post is pinned."
            : "The post is unpinned.",
      );
    });

  // Remove or restore, with the reason the moderation log will show.
  async function moderate(form: FormData) {
    const reason = formText(form, "reason").trim();
    const options = { params: { path: { id: report.target_id } }, body: reason ? { reason } : {} };
    const restoring = state === "removed";
    const next = isPost
      ? unwrap(await api.POST(restoring ? "/api/v1/posts/{id}/restore" : "/api/v1/posts/{id}/remove", options))
      : unwrap(await api.POST(restoring ? "/api/v1/comments/{id}/restore" : "/api/v1/comments/{id}/remove", options));
    setState(next.state);
    announce(restoring ? `The ${noun} is restored.` : `The ${noun} is removed.`);
  }

  const title = isPost ? snapshot?.title || `Post #${report.target_id}` : `Comment #${report.target_id}`;
  return (
    <article className="report" aria-labelledby={headingId}>
      <h3 id={headingId} className="report-title">
        {link ? <Link to={link}>{title}</Link> : title}
        {state !== "visible" ? <span className="tag">{state}</span> : null}
      </h3>
      <p className="meta">
        {isPost ? "Post" : "Comment"} by{" "}
        {snapshot?.author ? <Link to={`/u/${snapshot.author}`}>@{snapshot.author}</Link> : "[deleted]"}{" "}
        · reported for <strong>{reasonLabel(report.reason)}</strong> by{" "}
        {report.reporter ? <Link to={`/u/${report.reporter}`}>@{report.reporter}</Link> : "[deleted]"} ·{" "}
        <RelativeTime iso={report.created_at} />
      </p>
      {report.details ? <blockquote className="report-details">{report.details}</blockquote> : null}
      {snapshot?.body ? <p className="report-excerpt">{snapshot.body}</p> : null}
      {!open ? (
        <p className="meta">
          {report.status === "dismissed" ? "Dismissed" : "Resolved"}
          {report.resolved_by ? ` by @${report.resolved_by}` : ""}
          {report.resolved_at ? (
            <>
              {" "}
              <RelativeTime iso={report.resolved_at} />
            </>
          ) : null}
        </p>
      ) : (
        <>
          <div className="actions wrap" aria-busy={busy}>
            <button type="button" onClick={() => void resolve("actioned")}>
              Mark resolved
            </button>
            <button type="button" className="secondary" onClick={() => void resolve("dismissed")}>
              Dismiss
            </button>
            {state === "deleted" ? null : (
              <ConfirmAction
                trigger={state === "removed" ? `Restore ${noun}…` : `Remove ${noun}…`}
                triggerClass="secondary"
                question={
                  state === "removed" ? `Restore this ${noun}?` : `Remove this ${noun}? Readers will see [removed].`
                }
                confirm={state === "removed" ? `Restore ${noun}` : `Remove ${noun}`}
                destructive={state !== "removed"}
                failed={`The ${noun} was not changed.`}
                fields={(errors) => (
                  <TextAreaField
                    label="Reason (optional; the public moderation log shows it)"
                    name="reason"
                    rows={2}
                    maxLength={500}
                    error={errors.reason}
                  />
                )}
                onConfirm={moderate}
              />
            )}
            {post ? (
              <>
                <button type="button" className="secondary" onClick={() => void toggle("lock")}>
                  {post.locked ? "Unlock post" : "Lock post"}
                </button>
                <button type="button" className="secondary" onClick={() => void toggle("pin")}>
                  {post.pinned ? "Unpin post" : "Pin post"}
                </button>
              </>
            ) : null}
            {snapshot?.author ? (
              <ConfirmAction
                trigger={`Ban @${snapshot.author}…`}
                triggerClass="secondary"
                question={`Ban @${snapshot.author} from c/${slug}?`}
                confirm="Ban"
                destructive
                failed="The ban did not take."
                fields={(errors) => <BanFields errors={errors} />}
                onConfirm={async (form) => {
                  announce(await ban(slug, snapshot.author ?? "", form));
                }}
              />
            ) : null}
          </div>
          <Alert message={error} />
        </>
      )}
    </article>
  );
}
