import { useState, type SyntheticEvent } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError, api, unwrap } from "../api/client";
import { FormField } from "../components/FormField";
import { useSession } from "../session";
import { formText } from "../formText";
import { useTitle } from "../useTitle";

export function LoginPage() {
  useTitle("Sign in");
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: SyntheticEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      // The session comes back as an HttpOnly cookie; the token in the body is not kept.
      unwrap(
        await api.POST("/api/v1/auth/login", {
          body: { login: formText(form, "login"), password: formText(form, "password") },
        }),
      );
      await refresh();
      void navigate("/");
    } catch (err) {
      setError(err instanceof Error ? err.message : "Sign-in failed.");
      setFields(err instanceof ApiError ? err.fieldErrors() : {});
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormField label="Username or email" name="login" autoComplete="username" required error={fields.login} />
        <FormField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fields.password}
        />
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        New here? <Link to="/signup">Create an account</Link>
      </p>
    </section>
  );
}
