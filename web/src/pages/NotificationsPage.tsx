import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { api, expectOk, unwrap, type Schemas } from "../api/client";
import { Alert } from "../components/Alert";
import { RelativeTime } from "../components/RelativeTime";
import { SignInFirst } from "../components/SignInFirst";
import { useSession } from "../session";
import { useTitle } from "../useTitle";

type Notification = Schemas["Notification"];

function target(n: Notification): string | null {
  if (n.post_id && n.comment_id) return `/p/${n.post_id}#comment-${n.comment_id}`;
  if (n.post_id) return `/p/${n.post_id}`;
  if (n.community) return `/c/${n.community}`;
  return null;
}

export function NotificationsPage() {
  useTitle("Notifications");
  const { me, loading } = useSession();
  const [items, setItems] = useState<Notification[] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems(unwrap(await api.GET("/api/v1/notifications", { params: { query: { limit: 50 } } })).items);
    } catch (e) {
      setError(e instanceof Error ? e.message : "The notifications did not load.");
    }
  }, []);
  useEffect(() => {
    if (me) void load();
  }, [me, load]);

  async function readAll() {
    setError(null);
    try {
      expectOk(await api.POST("/api/v1/notifications/read-all"));
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : "That did not work.");
    }
  }

  if (loading) return null;
  if (!me) return <SignInFirst title="Notifications" to="to see your notifications" />;
  return (
    <section aria-labelledby="notifications-heading">
      <h1 id="notifications-heading">Notifications</h1>
      <div className="actions">
        <button type="button" onClick={() => void readAll()} disabled={!items?.some((n) => !n.read)}>
          Mark all as read
        </button>
      </div>
      <Alert message={error} />
      {items === undefined ? <div className="skeleton-block" aria-hidden="true" /> : null}
      {items?.length === 0 ? <p className="empty">Nothing yet: replies, mentions and new posts you follow show here.</p> : null}
      <ul className="notifications">
        {items?.map((n) => {
          const to = target(n);
          return (
            <li key={n.id} className={n.read ? "read" : "unread"}>
              {n.read ? null : <span className="visually-hidden">Unread: </span>}
              {to ? <Link to={to}>{n.message}</Link> : n.message}{" "}
              <span className="meta">
                <RelativeTime iso={n.created_at} />
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
