import { ApiError } from "./api/client";

// A mistake caught before anything is sent, shaped like the server's 422
// so forms show it exactly where they show the server's field messages.
export function fieldError(field: string, message: string): ApiError {
  return new ApiError(422, {
    type: "/problems/validation",
    title: "Validation failed",
    status: 422,
    instance: "",
    errors: [{ field, message }],
  });
}

// A username as typed into a form ("@ada" and " ada" are "ada"), or a
// field error when there is none: an empty name would make a different URL.
export function usernameFrom(form: FormData, field = "username"): string {
  const value = form.get(field);
  const name = (typeof value === "string" ? value : "").trim().replace(/^@/, "");
  if (!name) throw fieldError(field, "Enter a username.");
  return name;
}
