import { useId, useState } from "react";
import type { Schemas } from "../../api/client";
import { LinkifiedText } from "../../components/LinkifiedText";
import { RelativeTime } from "../../components/RelativeTime";

// One mail: an <article> headed by its subject, the body shown on demand
// with its http(s) addresses as links named by the address itself (what
// the end-to-end tests follow to verify a new account).
export function MailMessage({ message }: { message: Schemas["MailboxMessage"] }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <article className="mail" aria-labelledby={`${id}-subject`}>
      <h2 id={`${id}-subject`} className="mail-subject">
        {message.subject || "(no subject)"}
      </h2>
      <p className="meta">
        To {message.to} · <RelativeTime iso={message.created_at} />
      </p>
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={`${id}-body`}
        onClick={() => setOpen(!open)}
      >
        {open ? "Hide message" : "Show message"}
      </button>
      <pre id={`${id}-body`} className="mail-body" hidden={!open}>
        <LinkifiedText text={message.body} />
      </pre>
    </article>
  );
}
