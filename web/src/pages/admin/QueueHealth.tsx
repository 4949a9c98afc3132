import { useCallback, useEffect, useState } from "react";
import { api, unwrap } from "../../api/client";
import { formatCount } from "../../components/chart/scale";
import { LoadFailed } from "../../components/LoadFailed";
import { RelativeTime } from "../../components/RelativeTime";
import { formatAge, MAX_READY_AGE_SECONDS, queueProblems, type Queue } from "./queueHealth";

// GET /api/v1/admin/queues as a table; a queue with dead jobs or a backlog
// older than a minute is marked, in words as well as colour.
export function QueueHealth() {
  const [queues, setQueues] = useState<Queue[] | undefined>(undefined);
  const [checked, setChecked] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setQueues(unwrap(await api.GET("/api/v1/admin/queues")).queues);
      setChecked(new Date().toISOString());
    } catch (e) {
      setError(e instanceof Error ? e.message : "The queues did not load.");
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="admin-queues" aria-busy={loading}>
      <h2 id="admin-queues">Background jobs</h2>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          aria-disabled={loading}
          onClick={() => {
            if (!loading) void load();
          }}
        >
          Check again
        </button>
        {checked ? (
          <span className="meta">
            Checked <RelativeTime iso={checked} />
          </span>
        ) : null}
      </div>
      {error ? <LoadFailed message={error} onRetry={() => void load()} /> : null}
      {queues === undefined ? (
        error ? null : <div className="skeleton-block" aria-hidden="true" />
      ) : queues.length === 0 ? (
        <p className="empty">No queues have had any jobs yet.</p>
      ) : (
        <table className="data-table numeric">
          <caption className="visually-hidden">Background job queues</caption>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">Ready</th>
              <th scope="col">Delayed</th>
              <th scope="col">Running</th>
              <th scope="col">Dead</th>
              <th scope="col">Oldest ready</th>
              <th scope="col">Health</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => {
              const problems = queueProblems(q);
              return (
                <tr key={q.queue} className={problems.length ? "attention" : undefined}>
                  <th scope="row">{q.queue}</th>
                  <td>{formatCount(q.ready)}</td>
                  <td>{formatCount(q.delayed)}</td>
                  <td>{formatCount(q.running)}</td>
                  <td>{formatCount(q.dead)}</td>
                  <td>{q.ready > 0 ? formatAge(q.oldest_ready_seconds) : "–"}</td>
                  <td>{problems.length ? <strong>Check: {problems.join(", ")}</strong> : "OK"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="meta">
        Marked: any dead job (<code>agora admin jobs redrive</code> retries them), or a ready job waiting over{" "}
        {MAX_READY_AGE_SECONDS} seconds.
      </p>
    </section>
  );
}
