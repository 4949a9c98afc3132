import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import { Alert } from "../components/Alert";
import { FormField } from "../components/FormField";
import { formText } from "../formText";
import { useApiForm } from "../useApiForm";
import { useTitle } from "../useTitle";

export function SignupPage() {
  useTitle("Create an account");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { busy, error, fields, handle } = useApiForm("Sign-up failed.");
  const submit = handle(async (form) => {
    const email = formText(form, "email");
    unwrap(
      await api.POST("/api/v1/auth/signup", {
        body: { email, username: formText(form, "username"), password: formText(form, "password") },
      }),
    );
    setSentTo(email);
  });

  if (sentTo)
    return (
      <section className="narrow" aria-live="polite">
        <h1>Check your email</h1>
        <p>
          We sent a link to <strong>{sentTo}</strong>. Open it to verify your address, then{" "}
          <Link to="/login">sign in</Link>.
        </p>
      </section>
    );
  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <form onSubmit={submit} noValidate>
        <FormField label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
        <FormField label="Username" name="username" autoComplete="username" required error={fields.username} />
        <FormField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          error={fields.password}
        />
        <Alert message={error} />
        <button type="submit" disabled={busy}>
          Create account
        </button>
      </form>
    </section>
  );
}
