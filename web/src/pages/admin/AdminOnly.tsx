import type { ReactNode } from "react";
import { Link } from "react-router";
import { SignInFirst } from "../../components/SignInFirst";
import { useSession } from "../../session";

// The admin pages' door: a guest is asked to sign in, a signed-in account
// without the admin role is told so plainly (the API would answer 403 to
// everything on the page anyway).
export function AdminOnly({ title, children }: { title: string; children: ReactNode }) {
  const { me, loading } = useSession();
  if (loading) return <div className="skeleton-block" aria-hidden="true" />;
  if (!me) return <SignInFirst title={title} to="with an administrator account to see this page" />;
  if (me.role !== "admin")
    return (
      <section className="narrow">
        <h1>{title}</h1>
        <p>This page is for Agora&rsquo;s administrators, and @{me.username} is not one.</p>
        <p>
          <Link to="/">Back to the front page</Link>
        </p>
      </section>
    );
  return <>{children}</>;
}
