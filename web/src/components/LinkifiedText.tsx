import { linkify } from "./linkify";

// Plain text with its http(s) addresses as links named by the address
// itself. No HTML is interpreted: the text is React text nodes.
export function LinkifiedText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((s, i) =>
        s.kind === "link" ? (
          // noreferrer: mail links carry one-time tokens; the next site need not see this page.
          <a key={i} href={s.href} rel="noreferrer">
            {s.text}
          </a>
        ) : (
          s.text
        ),
      )}
    </>
  );
}
