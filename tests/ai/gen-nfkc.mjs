// Writes src/ai/nfkc_data.cpp: the Unicode data src/ai/nfkc.cpp needs for
// NFKC, derived from this Node's own String.prototype.normalize, which is
// what the reference tokenizer (@energetic-ai/embeddings) calls. Deriving the
// tables from the same implementation, rather than from a UnicodeData.txt of
// some other version, makes our NFKC agree with the reference's exactly; the
// script checks that before writing (every code point, and random strings of
// letters, marks, jamo and composites).
//
//   node gen-nfkc.mjs            (from tests/ai; prints the Unicode version)
//
// What is derived, for every code point except surrogates and the Hangul
// syllables (decomposed and composed by arithmetic in nfkc.cpp):
// - the full compatibility decomposition (NFKD of the single code point);
// - the canonical combining class, as a rank: only its order and whether it
//   is zero matter to the algorithm, and normalize() shows both (two marks
//   swap under NFD exactly when the first has the higher class);
// - the canonical compositions NFC performs: (first, second) -> composite.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const out = join(dirname(fileURLToPath(import.meta.url)), "../../src/ai/nfkc_data.cpp");

const S_BASE = 0xac00, S_COUNT = 11172;
const isSurrogate = (cp) => cp >= 0xd800 && cp <= 0xdfff;
const isSyllable = (cp) => cp >= S_BASE && cp < S_BASE + S_COUNT;
const chr = (cp) => String.fromCodePoint(cp);
const cps = (s) => Array.from(s, (c) => c.codePointAt(0));
const nfd = (s) => s.normalize("NFD");

const all = [];
for (let cp = 0; cp <= 0x10ffff; cp++) if (!isSurrogate(cp)) all.push(cp);

// ---------------------------------------------------------------- decompositions
const decomp = new Map();
for (const cp of all) {
  if (isSyllable(cp)) continue;
  const d = chr(cp).normalize("NFKD");
  if (d !== chr(cp)) decomp.set(cp, cps(d));
}

// ---------------------------------------------------------------- combining classes
// U+0334 has the lowest non-zero class (1), U+0345 the highest (240): a mark
// swaps with one of them under NFD exactly when its class is non-zero.
const swaps = (a, b) => nfd(chr(a) + chr(b)) === chr(b) + chr(a);
if (!swaps(0x0301, 0x0334) || !swaps(0x0345, 0x0301)) throw new Error("probe marks do not behave as expected");
const nonStarters = all.filter(
  (cp) => !decomp.has(cp) && !isSyllable(cp) && (swaps(cp, 0x0334) || swaps(0x0345, cp) || cp === 0x0334 || cp === 0x0345),
);
const byClass = (a, b) => (swaps(a, b) ? 1 : swaps(b, a) ? -1 : 0);
nonStarters.sort((a, b) => byClass(a, b) || a - b);
const rank = new Map();
let r = 1;
nonStarters.forEach((cp, i) => {
  if (i > 0 && byClass(nonStarters[i - 1], cp) !== 0) r++;
  rank.set(cp, r);
});
if (r > 255) throw new Error("more than 255 combining classes");
const ccc = (cp) => rank.get(cp) ?? 0;

// ---------------------------------------------------------------- compositions
// A composite NFC keeps is (first, last): last is the final code point of its
// canonical decomposition and first composes from the rest.
const compose = new Map(); // first * 0x110000 + second -> composite
for (const cp of all) {
  if (isSyllable(cp) || chr(cp).normalize("NFC") !== chr(cp)) continue;
  const d = cps(nfd(chr(cp)));
  if (d.length < 2) continue;
  const second = d[d.length - 1];
  const first = cps(String.fromCodePoint(...d.slice(0, -1)).normalize("NFC"));
  if (first.length !== 1 || (chr(first[0]) + chr(second)).normalize("NFC") !== chr(cp)) {
    throw new Error(`no composition pair found for U+${cp.toString(16)}`);
  }
  compose.set(first[0] * 0x110000 + second, cp);
}

// ---------------------------------------------------------------- self-check
// The algorithm of nfkc.cpp, in JavaScript, on the tables above.
const L_BASE = 0x1100, V_BASE = 0x1161, T_BASE = 0x11a7, V_COUNT = 21, T_COUNT = 28;
function decompose(cp, outArr) {
  if (isSyllable(cp)) {
    const s = cp - S_BASE;
    outArr.push(L_BASE + Math.floor(s / (V_COUNT * T_COUNT)), V_BASE + Math.floor((s % (V_COUNT * T_COUNT)) / T_COUNT));
    if (s % T_COUNT) outArr.push(T_BASE + (s % T_COUNT));
    return;
  }
  const d = decomp.get(cp);
  if (d) outArr.push(...d);
  else outArr.push(cp);
}
function composePair(a, b) {
  if (a >= L_BASE && a < L_BASE + 19 && b >= V_BASE && b < V_BASE + V_COUNT) {
    return S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT;
  }
  if (isSyllable(a) && (a - S_BASE) % T_COUNT === 0 && b > T_BASE && b < T_BASE + T_COUNT) return a + (b - T_BASE);
  return compose.get(a * 0x110000 + b);
}
function nfkc(s) {
  const d = [];
  for (const cp of cps(s)) decompose(cp, d);
  // canonical order: a stable sort of each run of non-starters by class
  for (let i = 1; i < d.length; i++) {
    const c = ccc(d[i]);
    if (c === 0) continue;
    let j = i;
    while (j > 0 && ccc(d[j - 1]) > c) {
      [d[j - 1], d[j]] = [d[j], d[j - 1]];
      j--;
    }
  }
  if (d.length === 0) return "";
  const res = [d[0]];
  let starter = 0;
  let lastClass = ccc(d[0]) === 0 ? 0 : 256;
  for (let i = 1; i < d.length; i++) {
    const ch = d[i];
    const chClass = ccc(ch);
    const composite = lastClass === 256 ? undefined : composePair(res[starter], ch);
    if (composite !== undefined && (lastClass < chClass || lastClass === 0)) {
      res[starter] = composite;
      continue;
    }
    if (chClass === 0) starter = res.length;
    lastClass = chClass;
    res.push(ch);
  }
  return String.fromCodePoint(...res);
}
let checked = 0;
const expectSame = (s) => {
  const want = s.normalize("NFKC");
  const got = nfkc(s);
  if (got !== want) throw new Error(`self-check failed for ${JSON.stringify(s)}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
  checked++;
};
for (const cp of all) expectSame(chr(cp));
// Random strings drawn from what interacts: starters, marks of every class,
// composites, jamo, syllables. A fixed seed keeps the run reproducible.
let seed = 12345;
const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
const pool = [
  ...nonStarters,
  ...[...compose.values()],
  ...[...compose.keys()].map((k) => Math.floor(k / 0x110000)),
  ...Array.from({ length: 19 }, (_, i) => L_BASE + i),
  ...Array.from({ length: 21 }, (_, i) => V_BASE + i),
  ...Array.from({ length: 28 }, (_, i) => T_BASE + i),
  0xac00, 0xac01, 0xd7a3, 0x41, 0x61, 0x20, 0x3a9, 0x1e0b, 0x212b, 0xfb01, 0x2460, 0xff21,
];
for (let n = 0; n < 300000; n++) {
  const len = 1 + rnd(6);
  const s = [];
  for (let i = 0; i < len; i++) s.push(pool[rnd(pool.length)]);
  expectSame(String.fromCodePoint(...s));
}

// ---------------------------------------------------------------- C++ tables
const hex = (n) => "0x" + n.toString(16).toUpperCase();
// Items packed into lines of at most 120 columns.
function rows(items) {
  const lines = [];
  let line = "   ";
  for (const item of items) {
    if (line.length + item.length + 2 > 120) {
      lines.push(line);
      line = "   ";
    }
    line += ` ${item},`;
  }
  if (line.trim()) lines.push(line);
  return lines.join("\n");
}
// Single code point mappings in runs (U+FF01..U+FF5E -> U+0021..U+007E is one).
const singles = [];
const multi = [];
const poolCps = [];
for (const [cp, d] of [...decomp.entries()].sort((a, b) => a[0] - b[0])) {
  if (d.length === 1) {
    const last = singles[singles.length - 1];
    if (last && last.last + 1 === cp && last.target + (cp - last.first) === d[0]) last.last = cp;
    else singles.push({ first: cp, last: cp, target: d[0] });
  } else {
    multi.push({ cp, offset: poolCps.length, len: d.length });
    poolCps.push(...d);
  }
}
const classRuns = [];
for (const cp of [...rank.keys()].sort((a, b) => a - b)) {
  const last = classRuns[classRuns.length - 1];
  if (last && last.last + 1 === cp && last.rank === rank.get(cp)) last.last = cp;
  else classRuns.push({ first: cp, last: cp, rank: rank.get(cp) });
}
const pairs = [...compose.entries()]
  .map(([k, c]) => ({ a: Math.floor(k / 0x110000), b: k % 0x110000, c }))
  .sort((x, y) => x.a - y.a || x.b - y.b);
if (poolCps.length > 0xffff) throw new Error("decomposition pool too large for 16-bit offsets");

const text = `// Generated by tests/ai/gen-nfkc.mjs from the normalize() of Node ${process.versions.node}
// (ICU ${process.versions.icu}, Unicode ${process.versions.unicode}); do not edit, run the script again.
// ${decomp.size} decompositions, ${rank.size} combining marks in ${r} classes, ${pairs.length} compositions.
#include "ai/nfkc_data.hpp"

// clang-format off
namespace agora::ai::nfkc_data {

const std::uint32_t kUnicodeMajor = ${Number(process.versions.unicode.split(".")[0])};

// first, last, target of first: each code point in [first, last] maps to one.
const SingleRun kSingles[] = {
${rows(singles.map((s) => `{${hex(s.first)}, ${hex(s.last)}, ${hex(s.target)}}`))}
};
const std::size_t kSinglesSize = sizeof(kSingles) / sizeof(kSingles[0]);

// code point, offset into kPool, length.
const Multi kMulti[] = {
${rows(multi.map((m) => `{${hex(m.cp)}, ${m.offset}, ${m.len}}`))}
};
const std::size_t kMultiSize = sizeof(kMulti) / sizeof(kMulti[0]);

const char32_t kPool[] = {
${rows(poolCps.map(hex))}
};

// first, last, class rank (1 = lowest non-zero class).
const ClassRun kClasses[] = {
${rows(classRuns.map((c) => `{${hex(c.first)}, ${hex(c.last)}, ${c.rank}}`))}
};
const std::size_t kClassesSize = sizeof(kClasses) / sizeof(kClasses[0]);

// first, second, composite; sorted by (first, second).
const Pair kPairs[] = {
${rows(pairs.map((p) => `{${hex(p.a)}, ${hex(p.b)}, ${hex(p.c)}}`))}
};
const std::size_t kPairsSize = sizeof(kPairs) / sizeof(kPairs[0]);

}  // namespace agora::ai::nfkc_data
// clang-format on
`;
writeFileSync(out, text);
console.log(
  `unicode ${process.versions.unicode}: ${decomp.size} decompositions (${singles.length} runs, ${multi.length} multi, ` +
    `pool ${poolCps.length}), ${rank.size} marks in ${r} classes (${classRuns.length} runs), ${pairs.length} pairs; ` +
    `self-check ${checked} strings ok; wrote ${out}`,
);
