import { describe, expect, it } from "vitest";
import { formatAge, queueProblems, type Queue } from "./queueHealth";

const queue = (over: Partial<Queue>): Queue => ({
  queue: "email",
  ready: 0,
  delayed: 0,
  running: 0,
  dead: 0,
  oldest_ready_seconds: 0,
  ...over,
});

describe("queueProblems", () => {
  it("finds nothing wrong with a queue that keeps up", () => {
    expect(queueProblems(queue({ ready: 3, running: 2, oldest_ready_seconds: 59.9 }))).toEqual([]);
  });
  it("flags dead letters and a backlog older than a minute", () => {
    expect(queueProblems(queue({ dead: 1 }))).toEqual(["1 dead job"]);
    expect(queueProblems(queue({ dead: 4, ready: 1, oldest_ready_seconds: 61 }))).toEqual([
      "4 dead jobs",
      "jobs waiting over a minute",
    ]);
  });
  it("ignores an age when nothing is ready", () => {
    expect(queueProblems(queue({ ready: 0, oldest_ready_seconds: 500 }))).toEqual([]);
  });
});

describe("formatAge", () => {
  it("uses the two largest units", () => {
    expect(formatAge(0.4)).toBe("0 s");
    expect(formatAge(45)).toBe("45 s");
    expect(formatAge(185)).toBe("3 min 5 s");
    expect(formatAge(3600)).toBe("1 h");
    expect(formatAge(7440)).toBe("2 h 4 min");
    expect(formatAge(3 * 86400 + 3600 + 59)).toBe("3 d 1 h");
  });
});
