import { useCallback, useState } from "react";

// What a page with many small actions tells its polite live region
// (<StatusMessage {...status} />): the latest outcome, numbered so that
// saying the same thing twice is announced twice.
export function useAnnouncer() {
  const [status, setStatus] = useState<{ message: string | null; serial: number }>({ message: null, serial: 0 });
  const announce = useCallback((message: string) => {
    setStatus((s) => ({ message, serial: s.serial + 1 }));
  }, []);
  return { status, announce };
}
