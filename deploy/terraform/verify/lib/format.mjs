// Formatting, re-implementing the parts of `terraform fmt` (hclwrite's format.go) our style
// relies on, line by line:
//   indentation  2 spaces per open bracket group, computed like hclwrite's formatIndent: a
//                line opening brackets is indented at the current level and pushes one
//                level; a line closing them is indented at the level after closing
//   alignment    "=" of consecutive single-line attributes aligned one space after the
//                longest key; trailing comments of consecutive lines aligned likewise
//   spacing      one space around "=", none before ",", tabs, trailing whitespace
// plus house rules terraform fmt does not enforce (kind "house"): LF line endings, a final
// newline, no run of blank lines. Heredoc bodies are left alone, as fmt leaves them.

// Splits one line of code into tokens: brackets, strings, "=", comments, other runs.
export function lexLine(line) {
  const tokens = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === " ") {
      i++;
      continue;
    }
    const start = i;
    if (c === "#" || (c === "/" && line[i + 1] === "/")) {
      tokens.push({ type: "comment", start, end: line.length });
      break;
    }
    if (c === '"') {
      i = endOfString(line, i + 1);
      tokens.push({ type: "string", start, end: i });
      continue;
    }
    if ("{[(".includes(c)) {
      tokens.push({ type: "open", start, end: ++i });
      continue;
    }
    if ("}])".includes(c)) {
      tokens.push({ type: "close", start, end: ++i });
      continue;
    }
    if (c === "<" && line[i + 1] === "<" && /[-A-Z_a-z]/.test(line[i + 2] ?? "")) {
      const m = line.slice(i).match(/^<<(-?)([A-Za-z_][A-Za-z0-9_]*)/);
      if (m) {
        tokens.push({ type: "heredoc", start, end: i + m[0].length, marker: m[2] });
        i += m[0].length;
        continue;
      }
    }
    if (c === "=" && !"=>".includes(line[i + 1] ?? "") && !"=!<>".includes(line[i - 1] ?? "")) {
      tokens.push({ type: "assign", start, end: ++i });
      continue;
    }
    if (c === ",") {
      tokens.push({ type: "comma", start, end: ++i });
      continue;
    }
    while (i < line.length && !" \"{}[]()#,".includes(line[i]) && !(line[i] === "=" && !"=>".includes(line[i + 1] ?? "") && !"=!<>".includes(line[i - 1] ?? ""))) {
      if (line[i] === "/" && line[i + 1] === "/") break;
      i++;
    }
    if (i === start) i++;
    tokens.push({ type: "word", start, end: i });
  }
  return tokens;
}

// Index after the closing quote of a string whose body starts at i (nested "${...}" allowed).
function endOfString(line, i) {
  let depth = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (depth === 0 && c === '"') return i + 1;
    if (c === "$" && line[i + 1] === "{") {
      depth++;
      i += 2;
      continue;
    }
    if (depth > 0 && c === "{") depth++;
    else if (depth > 0 && c === "}") depth--;
    else if (depth > 0 && c === '"') {
      i = endOfString(line, i + 1);
      continue;
    }
    i++;
  }
  return line.length;
}

const net = (tokens) => tokens.reduce((n, t) => n + (t.type === "open" ? 1 : t.type === "close" ? -1 : 0), 0);

export function checkFormat(text) {
  const findings = [];
  const add = (line, kind, message) => findings.push({ line, kind, message });
  if (text.includes("\r")) add(1, "house", "CRLF line endings (use LF)");
  if (text.length > 0 && !text.endsWith("\n")) add(text.split("\n").length, "house", "no newline at end of file");
  const lines = text.replace(/\r/g, "").split("\n");
  if (text.endsWith("\n")) lines.pop();

  // Pass 1: per-line structure, heredoc bodies marked.
  const info = [];
  let heredoc = null;
  lines.forEach((raw, idx) => {
    if (heredoc) {
      const done = raw.trim() === heredoc;
      info.push({ idx, raw, heredocBody: true });
      if (done) heredoc = null;
      return;
    }
    const tokens = lexLine(raw);
    const h = tokens.find((t) => t.type === "heredoc");
    if (h) heredoc = h.marker;
    info.push({ idx, raw, tokens, blank: raw.trim() === "" });
  });

  // Blank-line runs (house) and whitespace (fmt).
  let blanks = 0;
  for (const l of info) {
    if (l.heredocBody) {
      blanks = 0;
      continue;
    }
    blanks = l.blank ? blanks + 1 : 0;
    if (blanks === 2) add(l.idx + 1, "house", "more than one blank line in a row");
    if (/[ \t]+$/.test(l.raw)) {
      // fmt strips trailing blanks after code but keeps a comment's text as written.
      const endsInComment = l.tokens.length > 0 && l.tokens[l.tokens.length - 1].type === "comment";
      add(l.idx + 1, endsInComment ? "house" : "fmt", "trailing whitespace");
    }
    if (/^\s*\t/.test(l.raw) || (!l.blank && /\t/.test(l.raw.replace(/"(?:[^"\\]|\\.)*"/g, "")))) add(l.idx + 1, "fmt", "tab character (indent with spaces)");
  }

  // Pass 2: indentation (hclwrite formatIndent).
  const indents = [];
  for (const l of info) {
    if (l.heredocBody || l.blank) continue;
    const n = net(l.tokens);
    let level;
    if (n > 0) {
      level = indents.length;
      indents.push(n);
    } else if (n < 0) {
      let closed = -n;
      while (closed > 0 && indents.length) {
        const top = indents[indents.length - 1];
        if (closed > top) {
          closed -= top;
          indents.pop();
        } else if (closed < top) {
          indents[indents.length - 1] -= closed;
          closed = 0;
        } else {
          indents.pop();
          closed = 0;
        }
      }
      level = indents.length;
    } else {
      level = indents.length;
    }
    const actual = l.raw.match(/^ */)[0].length;
    if (actual !== 2 * level) add(l.idx + 1, "fmt", `indented ${actual} spaces, expected ${2 * level}`);
  }

  // Pass 3: cells. A line has an assign cell when its first "=" (not the first token) starts
  // a bracket-balanced remainder; a trailing comment cell when a comment ends a longer line.
  for (const l of info) {
    if (l.heredocBody || l.blank) continue;
    const t = l.tokens;
    const commentTok = t.length > 1 && t[t.length - 1].type === "comment" ? t[t.length - 1] : null;
    const code = commentTok ? t.slice(0, -1) : t;
    const eq = code.findIndex((tok, i) => i > 0 && tok.type === "assign");
    if (eq > 0) {
      const rest = code.slice(eq);
      const hd = rest.findIndex((x) => x.type === "heredoc");
      if (net(hd >= 0 ? rest.slice(0, hd + 1) : rest) === 0) {
        l.assign = { leadEnd: code[eq - 1].end, eqAt: code[eq].start };
      }
    }
    if (commentTok) l.comment = { codeEnd: code[code.length - 1].end, at: commentTok.start };
    // Spacing around "=" and commas, runs of spaces between tokens.
    for (let i = 1; i < t.length; i++) {
      const gap = t[i].start - t[i - 1].end;
      if (t[i].type === "comma" && gap > 0) add(l.idx + 1, "fmt", "space before ','");
      if (t[i - 1].type === "comma" && gap !== 1 && t[i].type !== "close" && t[i].type !== "comment") add(l.idx + 1, "fmt", "expected one space after ','");
      if (t[i].type === "assign" && gap === 0) add(l.idx + 1, "fmt", "no space before '='");
      if (t[i - 1].type === "assign" && gap !== 1) add(l.idx + 1, "fmt", "expected one space after '='");
      const aligned = (l.assign && t[i].start === l.assign.eqAt) || (l.comment && t[i].start === l.comment.at);
      if (gap > 1 && !aligned && t[i - 1].type !== "assign") add(l.idx + 1, "fmt", "more than one space between tokens");
    }
  }

  // Alignment chains: consecutive lines with an assign cell (any line without one breaks the
  // chain, blank lines included); "=" one column after the longest lead.
  const chain = (key, width, actualAt) => {
    let group = [];
    const close = () => {
      if (group.length) {
        const max = Math.max(...group.map(width));
        for (const l of group) {
          if (actualAt(l) !== max + 1) add(l.idx + 1, "fmt", key === "assign" ? `"=" not aligned (column ${actualAt(l) + 1}, expected ${max + 2})` : `trailing comment not aligned (column ${actualAt(l) + 1}, expected ${max + 2})`);
        }
      }
      group = [];
    };
    for (const l of info) {
      if (!l.heredocBody && l[key]) group.push(l);
      else close();
    }
    close();
  };
  chain("assign", (l) => l.assign.leadEnd, (l) => l.assign.eqAt);
  chain("comment", (l) => l.comment.codeEnd, (l) => l.comment.at);

  return findings.sort((a, b) => a.line - b.line);
}
