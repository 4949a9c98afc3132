import { useState } from "react";
import { api, expectOk } from "../../api/client";
import { ConfirmAction } from "../../components/ConfirmAction";
import { FormField } from "../../components/FormField";
import { StatusMessage } from "../../components/StatusMessage";
import { TextAreaField } from "../../components/TextAreaField";
import { UsernameField } from "../../components/UsernameField";
import { usernameFrom } from "../../fieldError";
import { formText } from "../../formText";

// PUT and DELETE /api/v1/admin/users/{username}/suspension. A suspended
// account can still read; it cannot post, comment, vote or create
// communities until the suspension ends or is lifted.
export function SuspensionForms() {
  const [done, setDone] = useState<string | null>(null);
  return (
    <section aria-labelledby="admin-suspensions">
      <h2 id="admin-suspensions">Suspensions</h2>
      <p className="meta">A suspended account can still read, but cannot post, comment, vote or create communities.</p>
      <div className="actions wrap">
        <ConfirmAction
          trigger="Suspend an account…"
          triggerClass="secondary"
          question="Suspend an account site-wide"
          confirm="Suspend"
          destructive
          failed="The account was not suspended."
          fields={(errors) => (
            <>
              <UsernameField error={errors.username} />
              <TextAreaField
                label="Reason (kept in the audit log)"
                name="reason"
                rows={2}
                required
                maxLength={500}
                error={errors.reason}
              />
              <FormField
                label="Days (1 to 3650)"
                name="days"
                type="number"
                inputMode="numeric"
                min={1}
                max={3650}
                required
                defaultValue={7}
                error={errors.days}
              />
            </>
          )}
          onConfirm={async (form) => {
            setDone(null);
            const who = usernameFrom(form);
            const days = Number(formText(form, "days"));
            expectOk(
              await api.PUT("/api/v1/admin/users/{username}/suspension", {
                params: { path: { username: who } },
                body: { reason: formText(form, "reason").trim(), days },
              }),
            );
            setDone(`@${who} is suspended for ${days} ${days === 1 ? "day" : "days"}.`);
          }}
        />
        <ConfirmAction
          trigger="Lift a suspension…"
          triggerClass="secondary"
          question="Lift a suspension"
          confirm="Lift suspension"
          failed="The suspension was not lifted."
          fields={(errors) => <UsernameField error={errors.username} />}
          onConfirm={async (form) => {
            setDone(null);
            const who = usernameFrom(form);
            expectOk(
              await api.DELETE("/api/v1/admin/users/{username}/suspension", { params: { path: { username: who } } }),
            );
            setDone(`@${who} may post again.`);
          }}
        />
      </div>
      <StatusMessage message={done} />
    </section>
  );
}
