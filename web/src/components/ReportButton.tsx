import { useEffect, useRef, useState } from "react";
import { api, unwrap } from "../api/client";
import { fieldError } from "../fieldError";
import { formText } from "../formText";
import { isReason, REPORT_REASONS } from "../reportReasons";
import { ConfirmAction } from "./ConfirmAction";
import { TextAreaField } from "./TextAreaField";
import { FieldError } from "./FieldError";

type Target = "post" | "comment";

// "Report…" on a post or comment: a small inline form (why, and optional
// details) sent to the community's moderators by POST /api/v1/reports.
// Afterwards it only says thanks, and focus moves to the thanks (the
// button it replaces is gone): the API answers the same whether or not
// this reader had reported it already.
export function ReportButton({ target, id }: { target: Target; id: number }) {
  const [sent, setSent] = useState(false);
  const thanks = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (sent) thanks.current?.focus();
  }, [sent]);
  if (sent)
    return (
      <span ref={thanks} tabIndex={-1} role="status" className="meta">
        Reported. Thank you: the moderators will take a look.
      </span>
    );
  return (
    <ConfirmAction
      trigger="Report…"
      question={`Report this ${target} to the moderators`}
      confirm="Send report"
      failed="The report was not sent."
      fields={(errors) => <ReportFields target={target} id={id} errors={errors} />}
      onConfirm={async (form) => {
        const reason = formText(form, "reason");
        if (!isReason(reason)) throw fieldError("reason", "Choose a reason.");
        const details = formText(form, "details").trim();
        unwrap(
          await api.POST("/api/v1/reports", {
            body: { target_type: target, target_id: id, reason, ...(details ? { details } : {}) },
          }),
        );
        setSent(true);
      }}
    />
  );
}

function ReportFields({ target, id, errors }: { target: Target; id: number; errors: Record<string, string> }) {
  const selectId = `report-${target}-${id}-reason`;
  return (
    <>
      <div className="field">
        <label htmlFor={selectId}>Why?</label>
        <select
          id={selectId}
          name="reason"
          defaultValue="spam"
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? `${selectId}-error` : undefined}
        >
          {REPORT_REASONS.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        <FieldError id={`${selectId}-error`} message={errors.reason} />
      </div>
      <TextAreaField label="Details (optional)" name="details" rows={2} maxLength={1000} error={errors.details} />
    </>
  );
}
