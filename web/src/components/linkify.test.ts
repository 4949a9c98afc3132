import { describe, expect, it } from "vitest";
import { linkify } from "./linkify";

describe("linkify", () => {
  it("turns a verification link into a link and keeps the words around it", () => {
    const body = "Confirm your address:\nhttp://127.0.0.1:8080/verify-email?token=tok_123&x=1\n\nThanks";
    expect(linkify(body)).toEqual([
      { kind: "text", text: "Confirm your address:\n" },
      {
        kind: "link",
        text: "http://127.0.0.1:8080/verify-email?token=tok_123&x=1",
        href: "http://127.0.0.1:8080/verify-email?token=tok_123&x=1",
      },
      { kind: "text", text: "\n\nThanks" },
    ]);
  });

  it("leaves sentence punctuation and enclosing brackets out of the address", () => {
    const links = (s: string) => linkify(s).flatMap((x) => (x.kind === "link" ? [x.text] : []));
    expect(links("Go to https://agora.example.com/p/1.")).toEqual(["https://agora.example.com/p/1"]);
    expect(links("(see https://agora.example.com/p/1), then <https://b.example/x>")).toEqual([
      "https://agora.example.com/p/1",
      "https://b.example/x",
    ]);
    expect(links("https://en.wikipedia.org/wiki/Agora_(disambiguation)!")).toEqual([
      "https://en.wikipedia.org/wiki/Agora_(disambiguation)",
    ]);
  });

  it("links only http and https", () => {
    const bodies = ["javascript:alert(1)", "data:text/html,hi", "mailto:a@example.com", "ftp://x.example/f", "http://"];
    for (const body of bodies) {
      expect(linkify(body)).toEqual([{ kind: "text", text: body }]);
    }
  });

  it("finds several links and keeps plain text as one piece", () => {
    const out = linkify("a https://x.example b HTTPS://Y.example/z c");
    expect(out.map((s) => s.kind)).toEqual(["text", "link", "text", "link", "text"]);
    expect(out[3]).toEqual({ kind: "link", text: "HTTPS://Y.example/z", href: "https://y.example/z" });
    expect(linkify("no links here")).toEqual([{ kind: "text", text: "no links here" }]);
    expect(linkify("")).toEqual([]);
  });
});
