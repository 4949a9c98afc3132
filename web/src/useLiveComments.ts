import { useEffect, useRef } from "react";

// Calls `onChange` when a comment arrives on the post (the post's event
// stream: a `comment` per new comment, `reload` after a long gap), at most
// one call in flight: events during a reload ask for one more afterwards.
export function useLiveComments(postId: number, onChange: () => Promise<void>) {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (!Number.isSafeInteger(postId) || postId < 1) return;
    let running = false;
    let again = false;
    const refresh = () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      void latest.current().finally(() => {
        running = false;
        if (again) {
          again = false;
          refresh();
        }
      });
    };
    const events = new EventSource(`/api/v1/posts/${postId}/events`);
    events.addEventListener("comment", refresh);
    events.addEventListener("reload", refresh);
    return () => {
      events.close();
    };
  }, [postId]);
}
