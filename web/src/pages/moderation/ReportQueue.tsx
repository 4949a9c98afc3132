import { useCallback, useRef } from "react";
import { Link } from "react-router";
import { api, unwrap, type Schemas } from "../../api/client";
import { LoadFailed } from "../../components/LoadFailed";
import { LoadMore } from "../../components/LoadMore";
import { useCursorList } from "../../useCursorList";
import { ReportItem } from "./ReportItem";

type Status = Schemas["Report"]["status"];
const STATUSES: { value: Status; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "actioned", label: "Resolved" },
  { value: "dismissed", label: "Dismissed" },
];

// GET /api/v1/communities/{slug}/reports, one status at a time (?status=
// keeps it in the address). A report closed here leaves the list at once;
// focus goes to the list's heading so the keyboard is not dropped at the
// top of the page, and the outcome is announced.
export function ReportQueue({
  slug,
  status,
  announce,
}: {
  slug: string;
  status: Status;
  announce: (message: string) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const load = useCallback(
    async (cursor: string | undefined) => {
      const page = unwrap(
        await api.GET("/api/v1/communities/{slug}/reports", {
          params: { path: { slug }, query: { status, ...(cursor ? { cursor } : {}) } },
        }),
      );
      return { items: page.items, next: page.next_cursor };
    },
    [slug, status],
  );
  const { items, loading, error, hasMore, loadMore, update, reload } = useCursorList(load, "The reports did not load.");

  const resolved = useCallback(
    (report: Schemas["Report"], outcome: "actioned" | "dismissed") => {
      update((all) => all.filter((r) => r.id !== report.id));
      announce(outcome === "dismissed" ? "Report dismissed." : "Report marked resolved.");
      heading.current?.focus();
    },
    [update, announce],
  );

  const label = STATUSES.find((s) => s.value === status)?.label ?? status;
  return (
    <section aria-labelledby="queue-heading" aria-busy={loading}>
      <h2 id="queue-heading" ref={heading} tabIndex={-1}>
        Reports{items ? ` (${label.toLowerCase()}: ${items.length}${hasMore ? "+" : ""})` : ""}
      </h2>
      <nav aria-label="Reports by status" className="tabs">
        {STATUSES.map((s) => (
          <Link
            key={s.value}
            to={`/c/${slug}/moderation${s.value === "open" ? "" : `?status=${s.value}`}`}
            aria-current={s.value === status ? "page" : undefined}
          >
            {s.label}
          </Link>
        ))}
      </nav>
      {items === undefined ? (
        error ? (
          <LoadFailed message={error} onRetry={reload} />
        ) : (
          <div className="skeleton-block" aria-hidden="true" />
        )
      ) : items.length === 0 ? (
        <p className="empty">
          {status === "open" ? "No open reports. Nothing needs you right now." : `No ${label.toLowerCase()} reports.`}
        </p>
      ) : (
        <>
          {items.map((r) => (
            <ReportItem key={r.id} report={r} slug={slug} onResolved={resolved} announce={announce} />
          ))}
          <LoadMore hasMore={hasMore} loading={loading} error={error} onLoad={loadMore} label="Load more reports" />
        </>
      )}
    </section>
  );
}
