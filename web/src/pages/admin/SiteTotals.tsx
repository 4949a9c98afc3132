import { useCallback, useEffect, useState } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { formatCount } from "../../components/chart/scale";
import { LoadFailed } from "../../components/LoadFailed";

type Stats = Schemas["SiteStats"];

const FIGURES: { label: string; value: (s: Stats) => number }[] = [
  { label: "Accounts", value: (s) => s.users },
  { label: "Active today", value: (s) => s.active_users_1d },
  { label: "Active in 30 days", value: (s) => s.active_users_30d },
  { label: "Communities", value: (s) => s.communities },
  { label: "Posts", value: (s) => s.posts },
  { label: "Posts today", value: (s) => s.posts_1d },
  { label: "Comments", value: (s) => s.comments },
  { label: "Comments today", value: (s) => s.comments_1d },
  { label: "Votes", value: (s) => s.votes },
  { label: "Subscriptions", value: (s) => s.subscriptions },
  { label: "Open reports", value: (s) => s.open_reports },
];

// GET /api/v1/admin/stats as a grid of figures; the grid is drawn at once
// with placeholders, so the numbers arriving move nothing.
export function SiteTotals() {
  const [stats, setStats] = useState<Stats | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      setStats(unwrap(await api.GET("/api/v1/admin/stats")));
    } catch (e) {
      setError(e instanceof Error ? e.message : "The totals did not load.");
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="admin-totals" aria-busy={!stats && !error}>
      <h2 id="admin-totals">Totals</h2>
      {error ? <LoadFailed message={error} onRetry={() => void load()} /> : null}
      <dl className="stats">
        {FIGURES.map((f) => (
          <div key={f.label} className="stat">
            <dt>{f.label}</dt>
            <dd>{stats ? formatCount(f.value(stats)) : <span className="skeleton-line" aria-hidden="true" />}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
