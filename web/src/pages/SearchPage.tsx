import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, unwrap, type Schemas } from "../api/client";
import { PostCard, PostCardSkeleton } from "../components/PostCard";
import { formText } from "../formText";
import { useTitle } from "../useTitle";
import { Alert } from "../components/Alert";

type Mode = "hybrid" | "semantic" | "text";
const MODES: { mode: Mode; label: string }[] = [
  { mode: "hybrid", label: "Best match" },
  { mode: "semantic", label: "By meaning" },
  { mode: "text", label: "Exact words" },
];

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const mode = (params.get("mode") ?? "hybrid") as Mode;
  const [page, setPage] = useState<Schemas["SearchPage"] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useTitle(q ? `Search: ${q}` : "Search");

  useEffect(() => {
    if (!q.trim()) return;
    let live = true;
    setPage(undefined);
    setError(null);
    api
      .GET("/api/v1/search", { params: { query: { q, mode, type: "posts" } } })
      .then((r) => {
        if (live) setPage(unwrap(r));
      })
      .catch((e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : "Search failed.");
      });
    return () => {
      live = false;
    };
  }, [q, mode]);

  return (
    <>
      <h1>Search</h1>
      <form
        role="search"
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          const next = formText(new FormData(e.currentTarget), "q");
          setParams({ q: next, mode });
        }}
      >
        <label htmlFor="search-q">Search posts</label>
        <input id="search-q" name="q" type="search" defaultValue={q} key={q} />
        <button type="submit">Search</button>
      </form>
      <fieldset className="modes">
        <legend>Match</legend>
        {MODES.map((m) => (
          <label key={m.mode}>
            <input
              type="radio"
              name="mode"
              value={m.mode}
              checked={mode === m.mode}
              onChange={() => setParams({ q, mode: m.mode })}
            />
            {m.label}
          </label>
        ))}
      </fieldset>
      {page?.warning ? (
        <p role="status" className="warning">
          Searching by meaning is unavailable right now; these results match your words.
        </p>
      ) : null}
      <Alert message={error} />
      <section aria-label="Results" aria-busy={q !== "" && !page && !error}>
        {q && !page && !error ? [0, 1, 2].map((i) => <PostCardSkeleton key={i} />) : null}
        {page?.items.length === 0 ? (
          <p className="empty">
            Nothing found for “{q}”. Try other words, or <Link to="/">browse the front page</Link>.
          </p>
        ) : null}
        {page?.items.map((item) => ("excerpt" in item ? <PostCard key={item.id} post={item} /> : null))}
      </section>
    </>
  );
}
