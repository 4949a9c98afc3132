// Deterministic formatting mutations of real files, to compare this checker's verdicts with
// `terraform fmt -check` on many near-miss inputs (where the binary exists).
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const MUTATIONS = [
  ["indent+2", (l) => (l.trim() ? `  ${l}` : null)],
  ["indent-1", (l) => (l.startsWith("  ") ? l.slice(1) : null)],
  ["eq-extra-space", (l) => (/\S =/.test(l) ? l.replace(/(\S) =/, "$1  =") : null)],
  ["eq-no-space", (l) => (/ = /.test(l) ? l.replace(/ = /, "=") : null)],
  ["eq-unaligned", (l) => (/\S(\s{2,})= /.test(l) ? l.replace(/\s(\s+)= /, "$1= ") : null)],
  ["comma-space", (l) => (/, /.test(l) ? l.replace(/, /, " , ") : null)],
  ["trailing-space", (l) => (l.trim() ? `${l} ` : null)],
  ["double-space", (l) => (/\S \S/.test(l.trim()) ? l.replace(/(\S) (\S)/, "$1  $2") : null)],
  ["noop", (l) => l],
];

// n variants of `text`, each with one mutation on one random line.
export function mutations(text, n, seed) {
  const lines = text.split("\n");
  const next = rng(seed);
  const out = [];
  let guard = 0;
  while (out.length < n && guard++ < n * 50) {
    const i = Math.floor(next() * lines.length);
    const [name, fn] = MUTATIONS[Math.floor(next() * MUTATIONS.length)];
    if (/<<-?EOT|^\s*EOT$/.test(lines[i])) continue;
    const changed = fn(lines[i]);
    if (changed === null) continue;
    const copy = [...lines];
    copy[i] = changed;
    out.push({ name, line: i + 1, text: copy.join("\n") });
  }
  return out;
}
