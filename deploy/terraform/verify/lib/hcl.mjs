// Parsing: every .tf file goes through @cdktf/hcl2json (HashiCorp's HCL library compiled
// to WASM), so a syntax error fails here exactly where `terraform` would fail. The JSON it
// returns has no positions, so top-level blocks are also located in the source text (fmt
// style puts their headers and closing braces at column 0) for line numbers in findings and
// for `# policy:skip=<RULE> <reason>` comments.
import fs from "node:fs";
import path from "node:path";
import { parse } from "@cdktf/hcl2json";

const HEADER = /^(resource|data|module|variable|output|provider|locals|terraform)\b(?:\s+"([^"]*)")?(?:\s+"([^"]*)")?\s*\{/;
const SKIP = /#\s*policy:skip=([A-Za-z0-9_-]+)\s+(\S.*)$/;

export async function parseFile(file) {
  const text = fs.readFileSync(file, "utf8");
  let json;
  try {
    json = await parse(path.basename(file), text);
  } catch (err) {
    const e = new Error(`${file}: ${String(err.message ?? err).replace(/^Error: /, "")}`);
    e.parseError = true;
    throw e;
  }
  return { file, text, json, blocks: locateBlocks(text) };
}

// Top-level blocks with their line span and the skip comments inside them.
export function locateBlocks(text) {
  const lines = text.split("\n");
  const blocks = [];
  let open = null;
  lines.forEach((line, i) => {
    if (!open) {
      const m = line.match(HEADER);
      if (m) {
        open = { kind: m[1], labels: [m[2], m[3]].filter((x) => x !== undefined), start: i + 1, end: i + 1, skips: [] };
        if (/\}\s*$/.test(line) && /\{\s*\}\s*$/.test(line)) {
          blocks.push(open);
          open = null;
        }
      }
      return;
    }
    const s = line.match(SKIP);
    if (s) open.skips.push({ rule: s[1], reason: s[2].trim(), line: i + 1 });
    if (line === "}") {
      open.end = i + 1;
      blocks.push(open);
      open = null;
    }
  });
  return blocks;
}

// Line of `name =` or `name {` inside a block span, for pointing at an argument.
export function findArgumentLine(text, span, name) {
  const lines = text.split("\n");
  const re = new RegExp(`^\\s*(?:dynamic\\s+")?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?\\s*(=|\\{)`);
  for (let i = span.start - 1; i < Math.min(span.end, lines.length); i++) {
    if (re.test(lines[i])) return i + 1;
  }
  return span.start;
}

export function listTfFiles(dir) {
  return fs.readdirSync(dir).filter((f) => f.endsWith(".tf")).sort().map((f) => path.join(dir, f));
}
