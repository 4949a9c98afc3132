import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { api, unwrap, type Schemas } from "../api/client";
import { RelativeTime } from "../components/RelativeTime";
import { useSession } from "../session";
import { formText } from "../formText";
import { useTitle } from "../useTitle";
import { NotFoundPage } from "./NotFoundPage";
import { Alert } from "../components/Alert";
import { ReportButton } from "../components/ReportButton";
import { useApiForm } from "../useApiForm";
import { useLiveComments } from "../useLiveComments";
import { FieldError } from "../components/FieldError";

type Thread = Schemas["ThreadComment"];

// A post, its threaded comments (each thread collapsible), a reply form,
// and the posts nearest in meaning.
export function PostPage() {
  const id = Number(useParams().id);
  const { me } = useSession();
  const [post, setPost] = useState<Schemas["Post"] | null | undefined>(undefined);
  const [comments, setComments] = useState<Thread[] | undefined>(undefined);
  const [related, setRelated] = useState<Schemas["PostSummary"][]>([]);
  useTitle(post ? post.title : "Post");

  const loadComments = useCallback(async () => {
    const r = await api.GET("/api/v1/posts/{id}/comments", { params: { path: { id }, query: { sort: "top" } } });
    setComments(r.data?.items ?? []);
  }, [id]);

  const loadPost = useCallback(async () => {
    const r = await api.GET("/api/v1/posts/{id}", { params: { path: { id } } });
    setPost(r.data ?? null);
  }, [id]);
  // After a reply: the new comment and the post's own count.
  const reload = useCallback(async () => {
    await Promise.all([loadPost(), loadComments()]);
  }, [loadPost, loadComments]);

  // New comments by anyone appear without a reload.
  useLiveComments(id, reload);

  useEffect(() => {
    if (!Number.isSafeInteger(id) || id < 1) {
      setPost(null);
      return;
    }
    void loadPost();
    void loadComments();
    void api
      .GET("/api/v1/posts/{id}/related", { params: { path: { id }, query: { limit: 5 } } })
      .then((r) => setRelated(r.data?.items ?? []));
  }, [id, loadPost, loadComments, me]);

  if (post === null) return <NotFoundPage />;
  if (post === undefined)
    return (
      <div aria-busy="true" aria-label="Loading the post">
        <div className="skeleton-line wide" />
        <div className="skeleton-block" />
      </div>
    );
  return (
    <div className="post-layout">
      <article className="post" aria-labelledby="post-title">
        <p className="meta">
          <Link to={`/c/${post.community.slug}`}>c/{post.community.slug}</Link> ·{" "}
          {post.author ? `@${post.author.username}` : "[deleted]"} · <RelativeTime iso={post.created_at} />
        </p>
        <h1 id="post-title">{post.title}</h1>
        {/* body_html is the server's sanitised rendering of the Markdown (src/content). */}
        <div className="prose" dangerouslySetInnerHTML={{ __html: post.body_html }} />
        <p className="meta">
          {post.score} points · {post.comment_count} {post.comment_count === 1 ? "comment" : "comments"}
        </p>
        {me && post.author?.username !== me.username && post.state === "visible" ? (
          <div className="post-actions">
            <ReportButton target="post" id={post.id} />
          </div>
        ) : null}
      </article>
      <section aria-labelledby="comments-heading" className="comments">
        <h2 id="comments-heading">Comments</h2>
        {me && !post.locked ? <ReplyForm postId={post.id} onDone={reload} /> : null}
        {!me ? (
          <p>
            <Link to="/login">Sign in</Link> to comment.
          </p>
        ) : null}
        {comments === undefined ? <div className="skeleton-block" aria-hidden="true" /> : null}
        {comments?.length === 0 ? <p className="empty">No comments yet.</p> : null}
        <ul className="thread">
          {comments?.map((c) => (
            <CommentNode key={c.id} comment={c} postId={post.id} onReply={reload} />
          ))}
        </ul>
      </section>
      {related.length ? (
        <aside aria-labelledby="related-heading" className="related">
          <h2 id="related-heading">Related posts</h2>
          <ul>
            {related.map((r) => (
              <li key={r.id}>
                <Link to={`/p/${r.id}`}>{r.title}</Link> <span className="meta">c/{r.community.slug}</span>
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </div>
  );
}

function CommentNode({ comment, postId, onReply }: { comment: Thread; postId: number; onReply: () => Promise<void> }) {
  const { me } = useSession();
  const [open, setOpen] = useState(true);
  const [replying, setReplying] = useState(false);
  return (
    <li className="comment" id={`comment-${comment.id}`}>
      <div className="comment-head meta">
        <button
          type="button"
          className="link-button"
          aria-expanded={open}
          aria-label={open ? "Collapse thread" : "Expand thread"}
          onClick={() => setOpen(!open)}
        >
          {open ? "[–]" : "[+]"}
        </button>{" "}
        {comment.author ? `@${comment.author.username}` : "[deleted]"} · {comment.score} points ·{" "}
        <RelativeTime iso={comment.created_at} />
      </div>
      {open ? (
        <>
          <div className="prose" dangerouslySetInnerHTML={{ __html: comment.body_html }} />
          {me ? (
            <div className="comment-actions">
              <button type="button" className="link-button" onClick={() => setReplying(!replying)}>
                Reply
              </button>
              {comment.author && comment.author.username !== me.username && comment.state === "visible" ? (
                <ReportButton target="comment" id={comment.id} />
              ) : null}
            </div>
          ) : null}
          {replying ? (
            <ReplyForm
              postId={postId}
              parentId={comment.id}
              onDone={async () => {
                setReplying(false);
                await onReply();
              }}
            />
          ) : null}
          {comment.replies.length ? (
            <ul className="thread">
              {comment.replies.map((r) => (
                <CommentNode key={r.id} comment={r} postId={postId} onReply={onReply} />
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </li>
  );
}

function ReplyForm({ postId, parentId, onDone }: { postId: number; parentId?: number; onDone: () => Promise<void> }) {
  const { busy, error, fields, handle } = useApiForm("The comment was not saved.");
  const submit = handle(async (form, element) => {
    const body = formText(form, "body");
    unwrap(
      await api.POST("/api/v1/posts/{id}/comments", {
        params: { path: { id: postId } },
        body: parentId ? { body, parent_id: parentId } : { body },
      }),
    );
    element.reset();
    await onDone();
  });
  const fieldId = `reply-${postId}-${parentId ?? "post"}`;
  return (
    <form className="reply-form" onSubmit={submit}>
      <label htmlFor={fieldId}>{parentId ? "Your reply" : "Add a comment"}</label>
      <textarea
        id={fieldId}
        name="body"
        rows={3}
        required
        aria-invalid={fields.body ? true : undefined}
        aria-describedby={fields.body ? `${fieldId}-error` : undefined}
      />
      <FieldError id={`${fieldId}-error`} message={fields.body} />
      <Alert message={error} />
      <button type="submit" disabled={busy}>
        {parentId ? "Reply" : "Comment"}
      </button>
    </form>
  );
}
