import { useCallback, useEffect, useRef, useState } from "react";

export interface CursorPage<T> {
  items: T[];
  next: string | null; // null: this was the last page
}

// A list read page by page ("Load more"): the first page when `load`
// changes (a new filter is a new `load`), the next one on demand. Answers
// to an older `load` that arrive late are dropped, so a quick change of
// filter never mixes two lists. `update` edits the list in place (a report
// resolved leaves the queue without a reload); `refresh` reads the first
// page again without blanking the list.
export function useCursorList<T>(load: (cursor: string | undefined) => Promise<CursorPage<T>>, failed: string) {
  const [items, setItems] = useState<T[] | undefined>(undefined);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  const fetchPage = useCallback(
    async (cursor: string | undefined, append: boolean) => {
      const mine = generation.current;
      setLoading(true);
      setError(null);
      try {
        const page = await load(cursor);
        if (mine !== generation.current) return;
        setItems((old) => (append && old ? [...old, ...page.items] : page.items));
        setNext(page.next);
      } catch (e) {
        if (mine !== generation.current) return;
        setError(e instanceof Error ? e.message : failed);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [load, failed],
  );

  const reload = useCallback(() => {
    generation.current += 1;
    setItems(undefined);
    setNext(null);
    void fetchPage(undefined, false);
  }, [fetchPage]);

  useEffect(() => {
    reload();
  }, [reload]);

  // The first page again, keeping the current list up until it arrives
  // (after an action that adds to the list, without a flash of skeletons).
  const refresh = useCallback(() => {
    generation.current += 1;
    void fetchPage(undefined, false);
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (next !== null && !loading) void fetchPage(next, true);
  }, [next, loading, fetchPage]);

  const update = useCallback((edit: (items: T[]) => T[]) => {
    setItems((old) => (old ? edit(old) : old));
  }, []);

  return { items, loading, error, hasMore: next !== null, loadMore, update, reload, refresh };
}
