import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, unwrap, type Schemas } from "../../api/client";
import { DailyChart } from "../../components/chart/DailyChart";
import { LoadFailed } from "../../components/LoadFailed";

type Day = Schemas["DailyStats"]["days"][number];
type Metric = Exclude<keyof Day, "day">;

const PERIODS = [30, 90] as const;
interface Chart {
  metric: Metric;
  title: string;
  noun: string;
  yLabel: string;
  kind: "line" | "bar";
  additive: boolean; // false: a daily figure that does not add up over days
}
// Bars for the sparser counts; lines for the dense ones, read as a trend.
const CHARTS: Chart[] = [
  { metric: "active_users", title: "Active users", noun: "active users", yLabel: "Users", kind: "line", additive: false },
  { metric: "signups", title: "Sign-ups", noun: "sign-ups", yLabel: "New accounts", kind: "bar", additive: true },
  { metric: "posts", title: "Posts", noun: "posts", yLabel: "Posts", kind: "bar", additive: true },
  { metric: "comments", title: "Comments", noun: "comments", yLabel: "Comments", kind: "bar", additive: true },
  { metric: "votes", title: "Votes", noun: "votes", yLabel: "Votes", kind: "line", additive: true },
  { metric: "subscriptions", title: "New subscriptions", noun: "subscriptions", yLabel: "Subscriptions", kind: "bar", additive: true },
  { metric: "views", title: "Post views", noun: "views", yLabel: "Views", kind: "line", additive: true },
];

// GET /api/v1/admin/stats/daily for the last 30 or 90 days (?days= keeps
// the choice in the address). The previous figures stay up while the
// other period loads, so switching does not flash skeletons.
export function ActivityCharts() {
  const [params] = useSearchParams();
  const days = params.get("days") === "90" ? 90 : 30;
  const [data, setData] = useState<Day[] | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    api
      .GET("/api/v1/admin/stats/daily", { params: { query: { days } } })
      .then((r) => {
        if (live) setData(unwrap(r).days);
      })
      .catch((e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : "The activity figures did not load.");
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [days, attempt]);

  const labels = data?.map((d) => d.day);
  return (
    <section aria-labelledby="admin-activity" aria-busy={loading}>
      <h2 id="admin-activity">Activity by day</h2>
      <nav aria-label="Period" className="tabs">
        {PERIODS.map((p) => (
          <Link key={p} to={`/admin?days=${p}`} aria-current={p === days ? "page" : undefined} replace>
            Last {p} days
          </Link>
        ))}
      </nav>
      <p className="meta">Days are UTC; today&rsquo;s figures can lag by up to an hour.</p>
      {error ? <LoadFailed message={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {/* Placeholders only while there is something to wait for. */}
      {data || !error ? (
      <div className="charts">
        {CHARTS.map((c) => (
          <DailyChart
            key={c.metric}
            title={c.title}
            noun={c.noun}
            yLabel={c.yLabel}
            kind={c.kind}
            additive={c.additive}
            days={labels}
            values={data?.map((d) => d[c.metric])}
          />
        ))}
      </div>
      ) : null}
    </section>
  );
}
