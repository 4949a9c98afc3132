// The typed API client: paths, parameters and bodies come from
// docs/openapi.yaml (src/api/schema.d.ts, generated before every build,
// type-check and test), so a change on one side that the other does not
// follow fails `tsc`. Sessions are the HttpOnly cookie the server sets at
// sign-in; unsafe requests carry the CSRF token from its readable cookie.
// No token is ever kept in localStorage.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Problem = components["schemas"]["Problem"];
export type Schemas = components["schemas"];

export function readCookie(name: string, cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE.has(request.method)) return request;
    const token = readCookie("agora_csrf");
    if (token) request.headers.set("X-CSRF-Token", token);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(csrfMiddleware);

// A failed call, with the server's problem details (RFC 9457) and, for a
// form, what to say next to each field.
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(status: number, problem: Problem | undefined) {
    super(describeProblem(status, problem));
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  // Field name -> message, from the problem's `errors`.
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) out[e.field] ??= e.message;
    return out;
  }
}

// Words for a person: the server's detail when it gave one (it is written
// for people), else what the status means for them.
export function describeProblem(status: number, problem: Problem | undefined): string {
  if (problem?.detail) return problem.detail;
  switch (status) {
    case 401:
      return "Please sign in to do that.";
    case 403:
      return "You are not allowed to do that here.";
    case 404:
      return "We could not find that. It may have been removed.";
    case 409:
      return "That conflicts with something that already exists.";
    case 413:
      return "That is too large.";
    case 422:
      return "Some fields need another look.";
    case 429:
      return "That was a lot of requests in a short time. Please wait a moment and try again.";
    case 503:
      return "Agora is busy or being updated. Please try again in a few seconds.";
    default:
      return status >= 500 ? "Something went wrong on our side. Please try again." : (problem?.title ?? "That did not work.");
  }
}

// The data of a successful call, or an ApiError.
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok || result.data === undefined) throw failure(result);
  return result.data;
}

// For calls that answer without a body (204): nothing, or an ApiError.
export function expectOk(result: { error?: unknown; response: Response }): void {
  if (!result.response.ok) throw failure(result);
}

function failure(result: { error?: unknown; response: Response }): ApiError {
  return new ApiError(result.response.status, isProblem(result.error) ? result.error : undefined);
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "status" in value && "title" in value;
}
