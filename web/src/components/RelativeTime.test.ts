import { describe, expect, it } from "vitest";
import { relativeTime } from "./RelativeTime";

describe("relativeTime", () => {
  const now = Date.parse("2026-12-07T12:00:00Z");
  it("says how long ago in the largest whole unit", () => {
    expect(relativeTime("2026-12-07T11:59:30Z", now)).toBe("just now");
    expect(relativeTime("2026-12-07T11:55:00Z", now)).toBe("5 minutes ago");
    expect(relativeTime("2026-12-06T12:00:00Z", now)).toBe("yesterday");
    expect(relativeTime("2025-12-01T12:00:00Z", now)).toBe("last year");
  });
});
