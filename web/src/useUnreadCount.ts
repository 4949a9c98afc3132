import { useEffect, useState } from "react";

// The signed-in reader's unread notifications, live: the server's event
// stream sends the count at once and whenever it changes; EventSource
// reconnects by itself after a drop (the server's `retry:` says when).
export function useUnreadCount(signedIn: boolean): number {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    if (!signedIn) {
      setUnread(0);
      return;
    }
    const events = new EventSource("/api/v1/notifications/events");
    events.addEventListener("unread", (e: MessageEvent<string>) => {
      const parsed: unknown = JSON.parse(e.data);
      if (typeof parsed === "object" && parsed !== null && "unread" in parsed && typeof parsed.unread === "number")
        setUnread(parsed.unread);
    });
    return () => {
      events.close();
    };
  }, [signedIn]);
  return unread;
}
