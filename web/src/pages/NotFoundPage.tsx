import { Link } from "react-router";
import { useTitle } from "../useTitle";

export function NotFoundPage() {
  useTitle("Not found");
  return (
    <section className="centered">
      <h1>We could not find that page</h1>
      <p>It may have been removed, or the link may be mistyped.</p>
      <p>
        <Link to="/">Back to the front page</Link>
      </p>
    </section>
  );
}
