import { useCallback, useEffect, useRef } from "react";
import { Link } from "react-router";
import type { Schemas } from "../api/client";
import { useCursorList } from "../useCursorList";
import { LoadFailed } from "./LoadFailed";
import { LoadMore } from "./LoadMore";
import { RelativeTime } from "./RelativeTime";

type ModAction = Schemas["ModAction"];

// What an entry acted on, as a link when it has a page.
function Target({ action }: { action: ModAction }) {
  switch (action.target_type) {
    case "post":
      return <Link to={`/p/${action.target_id}`}>post #{action.target_id}</Link>;
    case "community":
      return action.community ? <Link to={`/c/${action.community}`}>c/{action.community}</Link> : <>community</>;
    default:
      return (
        <>
          {action.target_type} #{action.target_id}
        </>
      );
  }
}

// A moderation log, newest first, page by page: a community's (public to
// its readers) or, with `showCommunity`, the whole site's audit log.
export function ModLog({
  load,
  caption,
  showCommunity = false,
  refreshKey = 0,
}: {
  load: (cursor: string | undefined) => Promise<Schemas["ModActionPage"]>;
  caption: string;
  showCommunity?: boolean;
  refreshKey?: number; // changes after an action on the page: read the newest entries again
}) {
  const paged = useCallback(
    async (cursor: string | undefined) => {
      const page = await load(cursor);
      return { items: page.items, next: page.next_cursor };
    },
    [load],
  );
  const { items, loading, error, hasMore, loadMore, reload, refresh } = useCursorList(paged, "The log did not load.");
  const shown = useRef(refreshKey);
  useEffect(() => {
    if (shown.current === refreshKey) return;
    shown.current = refreshKey;
    refresh();
  }, [refreshKey, refresh]);

  if (items === undefined)
    return error ? (
      <LoadFailed message={error} onRetry={reload} />
    ) : (
      <div className="skeleton-block" aria-hidden="true" />
    );
  if (items.length === 0) return <p className="empty">No moderation actions yet.</p>;
  return (
    <>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            {showCommunity ? <th scope="col">Community</th> : null}
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">On</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <td>
                <RelativeTime iso={a.created_at} />
              </td>
              {showCommunity ? (
                <td>{a.community ? <Link to={`/c/${a.community}`}>c/{a.community}</Link> : "site"}</td>
              ) : null}
              <td>{a.moderator ? <Link to={`/u/${a.moderator}`}>@{a.moderator}</Link> : "[deleted]"}</td>
              <td>{a.action.replaceAll("_", " ")}</td>
              <td>
                <Target action={a} />
              </td>
              <td className="reason">{a.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore hasMore={hasMore} loading={loading} error={error} onLoad={loadMore} label="Load more entries" />
    </>
  );
}
