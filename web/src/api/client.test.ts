import { describe, expect, it } from "vitest";
import { ApiError, csrfMiddleware, describeProblem, expectOk, readCookie, unwrap } from "./client";
import type { Problem } from "./client";

const problem = (over: Partial<Problem>): Problem => ({
  type: "/problems/validation",
  title: "Validation failed",
  status: 422,
  instance: "/api/v1/auth/signup",
  ...over,
});

describe("readCookie", () => {
  it("finds a cookie among others and decodes it", () => {
    expect(readCookie("agora_csrf", "a=1; agora_csrf=abc%3D%3D; b=2")).toBe("abc==");
    expect(readCookie("agora_csrf", "agora_csrfx=1")).toBeUndefined();
  });
});

describe("csrfMiddleware", () => {
  it("adds the token to unsafe requests only", async () => {
    document.cookie = "agora_csrf=tok123";
    const onRequest = csrfMiddleware.onRequest;
    if (!onRequest) throw new Error("the middleware has no onRequest");
    const call = async (method: string) => {
      const request = new Request("http://localhost/api/v1/posts", { method });
      const out = await onRequest({ request, schemaPath: "", params: {}, id: "1", options: {} as never });
      return (out as Request).headers.get("X-CSRF-Token");
    };
    expect(await call("POST")).toBe("tok123");
    expect(await call("DELETE")).toBe("tok123");
    expect(await call("GET")).toBeNull();
  });
});

describe("ApiError", () => {
  it("says what the server said, and each field's message", () => {
    const e = new ApiError(
      422,
      problem({ detail: "Check the highlighted fields.", errors: [{ field: "email", message: "is taken" }] }),
    );
    expect(e.message).toBe("Check the highlighted fields.");
    expect(e.fieldErrors()).toEqual({ email: "is taken" });
  });
  it("puts statuses without a detail in plain words", () => {
    expect(describeProblem(429, undefined)).toMatch(/wait a moment/);
    expect(describeProblem(503, undefined)).toMatch(/try again/);
    expect(describeProblem(500, undefined)).toMatch(/our side/);
  });
});

describe("unwrap", () => {
  it("returns data and throws ApiError with the problem", () => {
    expect(unwrap({ data: { ok: 1 }, response: new Response(null, { status: 200 }) })).toEqual({ ok: 1 });
    const p = problem({ status: 404, type: "/problems/not-found", title: "Not found" });
    expect(() => unwrap({ error: p, response: new Response(null, { status: 404 }) })).toThrow(ApiError);
  });
});

describe("expectOk", () => {
  it("accepts an answer without a body and refuses a failure", () => {
    expect(() => {
      expectOk({ response: new Response(null, { status: 204 }) });
    }).not.toThrow();
    expect(() => {
      expectOk({ response: new Response(null, { status: 403 }) });
    }).toThrow(ApiError);
  });
  it("is what a 204 needs: unwrap refuses an answer without data", () => {
    expect(() => unwrap({ response: new Response(null, { status: 204 }) })).toThrow(ApiError);
  });
});
