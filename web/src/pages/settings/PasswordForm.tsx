import { useState } from "react";
import { api, expectOk } from "../../api/client";
import { Alert } from "../../components/Alert";
import { FormField } from "../../components/FormField";
import { StatusMessage } from "../../components/StatusMessage";
import { fieldError } from "../../fieldError";
import { formText } from "../../formText";
import { useApiForm } from "../../useApiForm";

// POST /api/v1/me/password: the server checks the current password and
// signs out every other session.
export function PasswordForm() {
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, fields, handle } = useApiForm("Your password was not changed.");
  const submit = handle(async (form, element) => {
    setSaved(null);
    const next = formText(form, "new_password");
    if (next !== formText(form, "confirm_password"))
      throw fieldError("confirm_password", "This does not match the new password.");
    expectOk(
      await api.POST("/api/v1/me/password", {
        body: { current_password: formText(form, "current_password"), new_password: next },
      }),
    );
    element.reset();
    setSaved("Your password is changed. Any other device signed in as you was signed out.");
  });
  return (
    <section aria-labelledby="settings-password" className="settings-section">
      <h2 id="settings-password">Password</h2>
      <form onSubmit={submit} noValidate>
        <FormField
          label="Current password"
          name="current_password"
          type="password"
          autoComplete="current-password"
          required
          error={fields.current_password}
        />
        <FormField
          label="New password (at least 10 characters)"
          name="new_password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={256}
          error={fields.new_password}
        />
        <FormField
          label="New password again"
          name="confirm_password"
          type="password"
          autoComplete="new-password"
          required
          error={fields.confirm_password}
        />
        <Alert message={error} />
        <button type="submit" disabled={busy}>
          Change password
        </button>
        <StatusMessage message={saved} />
      </form>
    </section>
  );
}
