import { describe, expect, it } from "vitest";
import { formatDay, labelIndices, linePoints, slot, summarize, yAxis, yOf, type Plot } from "./scale";

const plot: Plot = { left: 40, top: 10, width: 300, height: 100 };

describe("yAxis", () => {
  it("rounds the top up to a step of 1, 2 or 5 times a power of ten", () => {
    expect(yAxis(87)).toEqual({ top: 100, ticks: [0, 50, 100] });
    expect(yAxis(7)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
    expect(yAxis(1234)).toEqual({ top: 1500, ticks: [0, 500, 1000, 1500] });
    expect(yAxis(20)).toEqual({ top: 20, ticks: [0, 5, 10, 15, 20] });
  });
  it("never uses a fractional step for counts", () => {
    expect(yAxis(2)).toEqual({ top: 2, ticks: [0, 1, 2] });
    expect(yAxis(1)).toEqual({ top: 1, ticks: [0, 1] });
  });
  it("still draws an axis when every value is zero (or nonsense)", () => {
    expect(yAxis(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(yAxis(Number.NaN)).toEqual({ top: 1, ticks: [0, 1] });
  });
});

describe("positions", () => {
  it("puts zero on the bottom edge and the top value on the top edge", () => {
    const axis = yAxis(100);
    expect(yOf(0, axis, plot)).toBe(110);
    expect(yOf(axis.top, axis, plot)).toBe(10);
    expect(yOf(axis.top / 2, axis, plot)).toBe(60);
  });
  it("gives each day an equal slot, lines through their centres", () => {
    expect(slot(0, 3, plot)).toEqual({ x: 40, width: 100, centre: 90 });
    expect(slot(2, 3, plot)).toEqual({ x: 240, width: 100, centre: 290 });
    expect(linePoints([0, 50, 100], yAxis(100), plot)).toBe("90,110 190,60 290,10");
  });
});

describe("labelIndices", () => {
  it("labels every day when there are few", () => {
    expect(labelIndices(3)).toEqual([0, 1, 2]);
    expect(labelIndices(0)).toEqual([]);
  });
  it("labels the first, the last and evenly spaced days between", () => {
    expect(labelIndices(30)).toEqual([0, 7, 15, 22, 29]);
    expect(labelIndices(90, 4)).toEqual([0, 30, 59, 89]);
  });
});

describe("summarize", () => {
  const days = ["2026-01-01", "2026-01-02", "2026-01-03"];
  it("totals events and names the busiest day", () => {
    expect(summarize(days, [2, 1200, 5], "sign-ups")).toBe(
      "1,207 sign-ups from Jan 1 to Jan 3; most on Jan 2 (1,200), 5 on the last day.",
    );
  });
  it("gives a range, not a sum, for figures that recur daily", () => {
    expect(summarize(days, [3, 9, 4], "active users", false)).toBe(
      "Between 3 and 9 active users a day from Jan 1 to Jan 3; most on Jan 2 (9), 4 on the last day.",
    );
  });
  it("says plainly when nothing happened or nothing came", () => {
    expect(summarize(days, [0, 0, 0], "posts")).toBe("No posts from Jan 1 to Jan 3.");
    expect(summarize([], [], "posts")).toBe("No data on posts for this period.");
  });
});

describe("formatDay", () => {
  it("reads the API's UTC day without shifting it to the local zone", () => {
    expect(formatDay("2026-12-31")).toBe("Dec 31");
    expect(formatDay("not a day")).toBe("not a day");
  });
});
