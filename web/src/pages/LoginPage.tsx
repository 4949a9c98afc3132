import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../api/client";
import { Alert } from "../components/Alert";
import { FormField } from "../components/FormField";
import { formText } from "../formText";
import { useSession } from "../session";
import { useApiForm } from "../useApiForm";
import { useTitle } from "../useTitle";

export function LoginPage() {
  useTitle("Sign in");
  const { refresh } = useSession();
  const navigate = useNavigate();
  const { busy, error, fields, handle } = useApiForm("Sign-in failed.");
  const submit = handle(async (form) => {
    // The session comes back as an HttpOnly cookie; the token in the body is not kept.
    unwrap(
      await api.POST("/api/v1/auth/login", {
        body: { login: formText(form, "login"), password: formText(form, "password") },
      }),
    );
    await refresh();
    void navigate("/");
  });

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <form onSubmit={submit} noValidate>
        <FormField label="Username or email" name="login" autoComplete="username" required error={fields.login} />
        <FormField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fields.password}
        />
        <Alert message={error} />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        New here? <Link to="/signup">Create an account</Link> · <Link to="/reset-password">Forgot your password?</Link>
      </p>
    </section>
  );
}
