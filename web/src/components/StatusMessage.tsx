// A success said politely: the live region is always in the page (a
// region added together with its text is often not announced) and keeps
// its height, so the message appearing shifts nothing. A new `serial`
// replaces the text node, so the same words twice are announced twice.
export function StatusMessage({ message, serial = 0 }: { message: string | null; serial?: number }) {
  return (
    <p role="status" className="status">
      <span key={serial}>{message}</span>
    </p>
  );
}
