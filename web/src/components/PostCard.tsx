import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap, type Schemas } from "../api/client";
import { useSession } from "../session";
import { RelativeTime } from "./RelativeTime";
import { Alert } from "./Alert";
import { Highlighted } from "./Highlighted";

type Summary = Schemas["PostSummary"];

// One post in a list, with votes that count at once (optimistic) and are
// put back when the server refuses them.
export function PostCard({ post }: { post: Summary }) {
  const { me } = useSession();
  const [vote, setVote] = useState(post.my_vote);
  const [score, setScore] = useState(post.score);
  const [error, setError] = useState<string | null>(null);

  async function cast(value: -1 | 1) {
    const next = vote === value ? 0 : value;
    const before = { vote, score };
    setVote(next);
    setScore(score - vote + next);
    setError(null);
    try {
      unwrap(await api.POST("/api/v1/posts/{id}/vote", { params: { path: { id: post.id } }, body: { value: next } }));
    } catch (e) {
      setVote(before.vote);
      setScore(before.score);
      setError(e instanceof Error ? e.message : "The vote did not count.");
    }
  }

  return (
    <article className="post-card" aria-labelledby={`post-${post.id}-title`}>
      <div className="votes" aria-label="Votes">
        <button
          type="button"
          className="vote up"
          aria-pressed={vote === 1}
          aria-label="Upvote"
          disabled={!me}
          onClick={() => void cast(1)}
        >
          ▲
        </button>
        <span className="score" aria-label={`Score ${score}`}>
          {score}
        </span>
        <button
          type="button"
          className="vote down"
          aria-pressed={vote === -1}
          aria-label="Downvote"
          disabled={!me}
          onClick={() => void cast(-1)}
        >
          ▼
        </button>
      </div>
      <div className="post-card-body">
        <h2 id={`post-${post.id}-title`} className="post-title">
          <Link to={`/p/${post.id}`}>{post.highlight ? <Highlighted runs={post.highlight.title} /> : post.title}</Link>
        </h2>
        <p className="meta">
          <Link to={`/c/${post.community.slug}`}>c/{post.community.slug}</Link>
          {" · "}
          {post.author ? <Link to={`/u/${post.author.username}`}>@{post.author.username}</Link> : "[deleted]"}
          {" · "}
          <RelativeTime iso={post.created_at} />
          {" · "}
          <Link to={`/p/${post.id}`}>
            {post.comment_count} {post.comment_count === 1 ? "comment" : "comments"}
          </Link>
        </p>
        {/* Search results carry the passage that matched; feeds show the start of the text. */}
        {post.highlight && post.highlight.excerpt.length > 0 ? (
          <p className="excerpt">
            <Highlighted runs={post.highlight.excerpt} />
          </p>
        ) : post.excerpt ? (
          <p className="excerpt">{post.excerpt}</p>
        ) : null}
        <Alert message={error} />
      </div>
    </article>
  );
}

export function PostCardSkeleton() {
  return (
    <div className="post-card skeleton" aria-hidden="true">
      <div className="votes" />
      <div className="post-card-body">
        <div className="skeleton-line wide" />
        <div className="skeleton-line" />
      </div>
    </div>
  );
}
