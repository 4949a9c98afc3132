import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useApiForm } from "../useApiForm";
import { Alert } from "./Alert";

// A button that opens a small inline form to confirm an action and take
// what it needs (a reason, a duration) before anything is sent: every
// destructive moderation or admin step goes through one. Focus moves into
// the form when it opens and back to the button when it closes; the
// server's field messages show next to the fields (`fields` renders them
// from the errors it is given).
export function ConfirmAction({
  trigger,
  question,
  confirm,
  failed,
  onConfirm,
  fields,
  destructive = false,
  triggerClass = "link-button",
}: {
  trigger: string; // the button's words: "Remove…"
  question: string; // what the form asks: "Remove this post?"
  confirm: string; // the submit button: "Remove post"
  failed: string; // said when the failure has no words of its own
  onConfirm: (form: FormData) => Promise<void>;
  fields?: (errors: Record<string, string>) => ReactNode;
  destructive?: boolean;
  triggerClass?: string;
}) {
  const [open, setOpen] = useState(false);
  const { busy, error, fields: errors, handle } = useApiForm(failed);
  const button = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const panelId = useId();
  const questionId = `${panelId}-q`;

  useEffect(() => {
    if (!open) return;
    // The first field, or the confirm button when there is nothing to fill in.
    form.current?.querySelector<HTMLElement>("input, select, textarea, button[type=submit]")?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const submit = handle(async (data) => {
    await onConfirm(data);
    close();
  });

  return (
    <>
      <button
        ref={button}
        type="button"
        className={triggerClass}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {trigger}
      </button>
      {open ? (
        <form
          ref={form}
          id={panelId}
          className="confirm-panel"
          aria-labelledby={questionId}
          // One request at a time: a second Enter while sending does nothing.
          onSubmit={(e) => (busy ? e.preventDefault() : submit(e))}
          noValidate
        >
          <p id={questionId} className="confirm-question">
            {question}
          </p>
          {fields?.(errors)}
          <Alert message={error} />
          <div className="actions">
            <button type="submit" className={destructive ? "danger" : undefined} aria-disabled={busy}>
              {confirm}
            </button>
            <button type="button" className="secondary" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </>
  );
}
