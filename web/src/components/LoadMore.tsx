import { useEffect, useRef, useState } from "react";
import { Alert } from "./Alert";

// The end of a paged list: "Load more" while there is more. The button is
// never disabled (a disabled button drops keyboard focus); a click while a
// page is loading does nothing. When a page asked for here turns out to be
// the last, the button gives way to a short note that takes the focus, so
// the keyboard is not thrown back to the top of the page.
export function LoadMore({
  hasMore,
  loading,
  error,
  onLoad,
  label,
}: {
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  onLoad: () => void;
  label: string; // "Load more messages"
}) {
  const [asked, setAsked] = useState(false);
  const end = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!hasMore && asked) end.current?.focus();
  }, [hasMore, asked]);
  return (
    <div className="load-more">
      <Alert message={error} />
      {hasMore ? (
        <button
          type="button"
          aria-disabled={loading}
          onClick={() => {
            if (loading) return;
            setAsked(true);
            onLoad();
          }}
        >
          {loading ? "Loading…" : label}
        </button>
      ) : asked ? (
        <p ref={end} tabIndex={-1} className="meta">
          That is everything.
        </p>
      ) : null}
    </div>
  );
}
