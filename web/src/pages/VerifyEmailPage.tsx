import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, expectOk } from "../api/client";
import { Alert } from "../components/Alert";
import { useSession } from "../session";
import { useTitle } from "../useTitle";

// Where the verification mail's link lands (/verify-email?token=…): the
// token is sent once, and the outcome said.
export function VerifyEmailPage() {
  useTitle("Verify your email");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { refresh } = useSession();
  const [state, setState] = useState<"sending" | "done" | "failed">("sending");
  const [error, setError] = useState<string | null>(null);
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return; // StrictMode runs effects twice in development; a token works once
    sent.current = true;
    if (!token) {
      setState("failed");
      setError("This link has no code. Open the link from the email again.");
      return;
    }
    api
      .POST("/api/v1/auth/verify-email", { body: { token } })
      .then(async (r) => {
        expectOk(r);
        setState("done");
        await refresh();
      })
      .catch((e: unknown) => {
        setState("failed");
        setError(e instanceof Error ? e.message : "The address could not be verified.");
      });
  }, [token, refresh]);

  return (
    <section className="narrow" aria-live="polite">
      <h1>Verify your email</h1>
      {state === "sending" ? <p>Checking the link…</p> : null}
      {state === "done" ? (
        <p>
          Your address is verified. <Link to="/">Go to the front page</Link>.
        </p>
      ) : null}
      <Alert message={error} />
    </section>
  );
}
