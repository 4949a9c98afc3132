import { describe, expect, it } from "vitest";
import { isReason, reasonLabel } from "./reportReasons";

describe("report reasons", () => {
  it("names the API's reasons in words, and passes unknown ones through readably", () => {
    expect(reasonLabel("off_topic")).toBe("Off topic");
    expect(reasonLabel("brand_new_reason")).toBe("brand new reason");
  });
  it("accepts only reasons the API takes", () => {
    expect(isReason("spam")).toBe(true);
    expect(isReason("boring")).toBe(false);
  });
});
