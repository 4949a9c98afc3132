// The arithmetic of the admin dashboard's small charts, kept apart from
// the drawing so it can be tested without a DOM. Every series is a count
// per day, so ticks are whole numbers and the axis starts at zero (a bar
// or line that starts elsewhere exaggerates small changes).

export interface YAxis {
  top: number; // the value drawn at the top of the plot
  ticks: number[]; // from 0 to top, evenly spaced
}

// Round steps (1, 2 or 5 times a power of ten) so the labels read easily;
// about `count` intervals, never a fractional step.
export function yAxis(max: number, count = 4): YAxis {
  if (!Number.isFinite(max) || max <= 0) return { top: 1, ticks: [0, 1] };
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = Math.max(1, (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return { top, ticks };
}

// The plot's inner box, in the SVG's own units (its viewBox).
export interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
}

// Vertical position of a value: 0 at the bottom, `top` at the top.
export function yOf(value: number, axis: YAxis, plot: Plot): number {
  return plot.top + plot.height - (value / axis.top) * plot.height;
}

// Each day owns an equal slot across the plot; lines join the slots'
// centres and bars fill most of their slot, so both kinds line up with the
// same day labels.
export function slot(index: number, count: number, plot: Plot): { x: number; width: number; centre: number } {
  const width = plot.width / Math.max(1, count);
  const x = plot.left + index * width;
  return { x, width, centre: x + width / 2 };
}

// The polyline of a series ("x,y x,y ..."), rounded to keep the DOM small.
export function linePoints(values: readonly number[], axis: YAxis, plot: Plot): string {
  return values
    .map((v, i) => `${round(slot(i, values.length, plot).centre)},${round(yOf(v, axis, plot))}`)
    .join(" ");
}

// Which days get a label under the x axis: the first, the last and evenly
// spaced ones between, at most `max`, so 90 days do not overprint.
export function labelIndices(count: number, max = 5): number[] {
  if (count <= 0) return [];
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < max; k++) out.add(Math.round((k * (count - 1)) / (max - 1)));
  return [...out].sort((a, b) => a - b);
}

const dayFormat = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const countFormat = new Intl.NumberFormat("en");
const compactFormat = new Intl.NumberFormat("en", { notation: "compact" });

// "2026-01-03" (a UTC day, as the API sends it) -> "Jan 3".
export function formatDay(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? day : dayFormat.format(t);
}

export const formatCount = (n: number): string => countFormat.format(n);
export const formatTick = (n: number): string => compactFormat.format(n);

// One sentence for the figure's caption and screen readers: what the
// chart would tell at a glance. A sum over days means something for events
// (sign-ups, posts) but not for daily active users, who recur day after
// day; for those, say the range instead.
export function summarize(
  days: readonly string[],
  values: readonly number[],
  noun: string,
  additive = true,
): string {
  if (values.length === 0 || days.length !== values.length) return `No data on ${noun} for this period.`;
  let peak = 0;
  values.forEach((v, i) => {
    if (v > (values[peak] ?? 0)) peak = i;
  });
  const span = `from ${formatDay(days[0] ?? "")} to ${formatDay(days[days.length - 1] ?? "")}`;
  const most = values[peak] ?? 0;
  if (most === 0) return `No ${noun} ${span}.`;
  const least = Math.min(...values);
  const head = additive
    ? `${formatCount(values.reduce((a, b) => a + b, 0))} ${noun} ${span}`
    : `Between ${formatCount(least)} and ${formatCount(most)} ${noun} a day ${span}`;
  const latest = formatCount(values[values.length - 1] ?? 0);
  return `${head}; most on ${formatDay(days[peak] ?? "")} (${formatCount(most)}), ${latest} on the last day.`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
