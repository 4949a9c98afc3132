import { describe, expect, it } from "vitest";
import { ApiError } from "./api/client";
import { fieldError, usernameFrom } from "./fieldError";

function form(value: string): FormData {
  const f = new FormData();
  f.set("username", value);
  return f;
}

describe("fieldError", () => {
  it("reads like a server 422 for the field", () => {
    const e = fieldError("confirm_password", "does not match");
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(422);
    expect(e.fieldErrors()).toEqual({ confirm_password: "does not match" });
  });
});

describe("usernameFrom", () => {
  it("accepts a name with or without @ and spaces around", () => {
    expect(usernameFrom(form(" @ada "))).toBe("ada");
    expect(usernameFrom(form("bob"))).toBe("bob");
  });
  it("refuses an empty name next to the field", () => {
    try {
      usernameFrom(form(" @ "));
      expect.unreachable();
    } catch (e) {
      expect(e instanceof ApiError ? e.fieldErrors() : null).toEqual({ username: "Enter a username." });
    }
  });
});
