import { useCallback } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { LoadFailed } from "../../components/LoadFailed";
import { LoadMore } from "../../components/LoadMore";
import { formText } from "../../formText";
import { useCursorList } from "../../useCursorList";
import { useTitle } from "../../useTitle";
import { AdminOnly } from "./AdminOnly";
import { MailMessage } from "./MailMessage";

// /admin/mailbox[?to=address]: the mail the platform would have sent
// (development and test setups keep it here instead of sending it).
export function MailboxPage() {
  useTitle("Mailbox");
  return (
    <AdminOnly title="Mailbox">
      <Mailbox />
    </AdminOnly>
  );
}

function Mailbox() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const to = params.get("to")?.trim() ?? "";

  const load = useCallback(
    async (cursor: string | undefined) => {
      const page = unwrap(
        await api.GET("/api/v1/admin/mailbox", {
          params: { query: { ...(to ? { to } : {}), ...(cursor ? { before: Number(cursor) } : {}) } },
        }),
      );
      return { items: page.messages, next: page.next_cursor };
    },
    [to],
  );
  const { items, loading, error, hasMore, loadMore, reload } = useCursorList(load, "The mailbox did not load.");

  return (
    <section aria-labelledby="mailbox-heading" aria-busy={loading}>
      <h1 id="mailbox-heading">Mailbox</h1>
      <p className="meta">
        Mail Agora would have sent, newest first. <Link to="/admin">Back to the admin dashboard</Link>
      </p>
      <form
        role="search"
        aria-label="Filter the mailbox"
        className="search-form mailbox-filter"
        onSubmit={(e) => {
          e.preventDefault();
          const next = formText(new FormData(e.currentTarget), "to").trim();
          void navigate(next ? `/admin/mailbox?to=${encodeURIComponent(next)}` : "/admin/mailbox");
        }}
      >
        <label htmlFor="mailbox-to">To (exact address)</label>
        <input id="mailbox-to" name="to" type="text" inputMode="email" defaultValue={to} key={to} autoComplete="off" />
        <button type="submit">Filter</button>
        {to ? <Link to="/admin/mailbox">Show all</Link> : null}
        <button type="button" className="secondary" onClick={reload}>
          Refresh
        </button>
      </form>
      {items === undefined ? (
        error ? (
          <LoadFailed message={error} onRetry={reload} />
        ) : (
          <div className="skeleton-block" aria-hidden="true" />
        )
      ) : items.length === 0 ? (
        <p className="empty">{to ? `No mail to ${to}.` : "No mail yet."}</p>
      ) : (
        <>
          {items.map((m) => (
            <MailMessage key={m.id} message={m} />
          ))}
          <LoadMore hasMore={hasMore} loading={loading} error={error} onLoad={loadMore} label="Load older messages" />
        </>
      )}
    </section>
  );
}
