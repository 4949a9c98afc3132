import { Link } from "react-router";

// What a page for members shows a guest: its title and the way in.
export function SignInFirst({ title, to }: { title: string; to: string }) {
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>
        <Link to="/login">Sign in</Link> {to}.
      </p>
    </section>
  );
}
