import type { Schemas } from "../../api/client";

export type Queue = Schemas["QueueHealth"]["queues"][number];

// A job waiting longer than this means the workers are behind or down.
export const MAX_READY_AGE_SECONDS = 60;

// Why a queue needs a look, in words (empty when it is healthy), so the
// table says it in text and not by colour alone.
export function queueProblems(q: Queue): string[] {
  const out: string[] = [];
  if (q.dead > 0) out.push(`${q.dead} dead ${q.dead === 1 ? "job" : "jobs"}`);
  if (q.ready > 0 && q.oldest_ready_seconds > MAX_READY_AGE_SECONDS) out.push("jobs waiting over a minute");
  return out;
}

// "45 s", "3 min 5 s", "2 h 4 min", "3 d 1 h": the two largest units are
// precise enough for a backlog.
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const units: [string, number][] = [
    ["d", 86400],
    ["h", 3600],
    ["min", 60],
    ["s", 1],
  ];
  const first = units.findIndex(([, size]) => s >= size);
  const [bigName, bigSize] = units[first] ?? ["s", 1];
  const [smallName, smallSize] = units[first + 1] ?? ["s", 1];
  const big = Math.floor(s / bigSize);
  const small = Math.floor((s % bigSize) / smallSize);
  return small > 0 ? `${big} ${bigName} ${small} ${smallName}` : `${big} ${bigName}`;
}
