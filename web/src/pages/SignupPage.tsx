import { useState, type SyntheticEvent } from "react";
import { Link } from "react-router";
import { ApiError, api, unwrap } from "../api/client";
import { FormField } from "../components/FormField";
import { formText } from "../formText";
import { useTitle } from "../useTitle";

export function SignupPage() {
  useTitle("Create an account");
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: SyntheticEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = formText(form, "email");
    setBusy(true);
    setError(null);
    setFields({});
    try {
      unwrap(
        await api.POST("/api/v1/auth/signup", {
          body: { email, username: formText(form, "username"), password: formText(form, "password") },
        }),
      );
      setSentTo(email);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Sign-up failed.");
      setFields(err instanceof ApiError ? err.fieldErrors() : {});
    } finally {
      setBusy(false);
    }
  }

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
      <form onSubmit={(e) => void submit(e)} noValidate>
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
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Create account
        </button>
      </form>
    </section>
  );
}
