import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, expectOk } from "../api/client";
import { Alert } from "../components/Alert";
import { FormField } from "../components/FormField";
import { formText } from "../formText";
import { useApiForm } from "../useApiForm";
import { useTitle } from "../useTitle";

// Without a token: ask for the reset mail. With the mail's link
// (/reset-password?token=…): choose the new password.
export function ResetPasswordPage() {
  useTitle("Reset your password");
  const [params] = useSearchParams();
  const token = params.get("token");
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, fields, handle } = useApiForm("That did not work.");

  const request = handle(async (form) => {
    const r = await api.POST("/api/v1/auth/password-reset", { body: { email: formText(form, "email") } });
    expectOk(r);
    setDone("If an account has that address, a reset link is on its way.");
  });
  const confirm = handle(async (form) => {
    const r = await api.POST("/api/v1/auth/password-reset/confirm", {
      body: { token: token ?? "", new_password: formText(form, "new_password") },
    });
    expectOk(r);
    setDone("Your password is changed.");
  });

  return (
    <section className="narrow">
      <h1>Reset your password</h1>
      {done ? (
        <p aria-live="polite">
          {done} <Link to="/login">Sign in</Link>
        </p>
      ) : token ? (
        <form onSubmit={confirm} noValidate>
          <FormField
            label="New password"
            name="new_password"
            type="password"
            autoComplete="new-password"
            required
            error={fields.new_password ?? fields.token}
          />
          <Alert message={error} />
          <button type="submit" disabled={busy}>
            Change password
          </button>
        </form>
      ) : (
        <form onSubmit={request} noValidate>
          <FormField label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
          <Alert message={error} />
          <button type="submit" disabled={busy}>
            Send the reset link
          </button>
        </form>
      )}
    </section>
  );
}
