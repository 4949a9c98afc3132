import { useCallback, useEffect, useRef, useState } from "react";
import type { Schemas } from "../api/client";
import { PostCard, PostCardSkeleton } from "./PostCard";

type Page = Schemas["PostSummaryPage"];

// A list of posts that loads its next page (by cursor) as the reader
// nears the end; skeletons hold the space meanwhile, so nothing shifts.
export function Feed({ load, label }: { load: (cursor: string | undefined) => Promise<Page>; label: string }) {
  const [items, setItems] = useState<Schemas["PostSummary"][]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const busy = useRef(false);

  const more = useCallback(async () => {
    if (busy.current || cursor === null) return;
    busy.current = true;
    setLoading(true);
    try {
      const page = await load(cursor);
      setItems((old) => [...old, ...page.items]);
      setCursor(page.next_cursor);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : "The posts did not load.");  // an ApiError is an Error
    } finally {
      busy.current = false;
      setLoading(false);
    }
  }, [cursor, load]);

  useEffect(() => {
    const node = sentinel.current;
    if (!node) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void more();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [more]);

  return (
    <section aria-label={label} aria-busy={loading}>
      {items.map((p) => (
        <PostCard key={p.id} post={p} />
      ))}
      {loading ? [0, 1, 2].map((i) => <PostCardSkeleton key={i} />) : null}
      {error ? (
        <p role="alert" className="error">
          {error}{" "}
          <button type="button" onClick={() => void more()}>
            Try again
          </button>
        </p>
      ) : null}
      {cursor === null && items.length === 0 ? <p className="empty">Nothing here yet.</p> : null}
      <div ref={sentinel} className="sentinel" />
    </section>
  );
}
