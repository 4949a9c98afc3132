import { Link, useLocation } from "react-router";

export type Sort = "hot" | "new" | "top";
const LABELS: Record<Sort, string> = { hot: "Hot", new: "New", top: "Top" };

// The feed's order as links (shareable, keyboard reachable), the current one marked.
export function SortTabs({ current }: { current: Sort }) {
  const { pathname } = useLocation();
  return (
    <nav aria-label="Sort posts" className="tabs">
      {(["hot", "new", "top"] as const).map((s) => (
        <Link key={s} to={`${pathname}?sort=${s}`} aria-current={s === current ? "page" : undefined}>
          {LABELS[s]}
        </Link>
      ))}
    </nav>
  );
}
