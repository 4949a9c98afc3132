// Finds the web addresses in plain text (an email body) so they can be
// shown as links. Only http and https become links: anything else
// (javascript:, data:, mailto:) stays text, whatever the mail says.

export type Segment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

// A run of characters that can be part of an address; what ends a sentence
// or encloses an address (<…>, "…") is left out.
const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that, at the end, belongs to the sentence rather than the URL.
const TRAILING = /[.,;:!?*_~]+$/;

export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    const href = safeHref(url);
    if (href === null) continue;
    if (start > last) out.push({ kind: "text", text: text.slice(last, start) });
    out.push({ kind: "link", text: url, href });
    last = start + url.length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return merge(out);
}

// "(see https://x.example/a)" ends at "a", but "https://x.example/wiki/A_(b)"
// keeps its own closing parenthesis.
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, "");
    for (const [open, close] of [["(", ")"], ["[", "]"], ["{", "}"]] as const) {
      if (url.endsWith(close) && count(url, close) > count(url, open)) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

// The address as the browser will follow it, or null when it is not a
// well-formed http(s) URL with a host.
function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || !parsed.hostname) return null;
    return parsed.href;
  } catch {
    return null;
  }
}

function merge(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const prev = out[out.length - 1];
    if (s.kind === "text" && prev?.kind === "text") prev.text += s.text;
    else out.push(s);
  }
  return out;
}
