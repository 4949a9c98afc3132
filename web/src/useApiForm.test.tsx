import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import type { SyntheticEvent } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "./api/client";
import { formText } from "./formText";
import { useApiForm } from "./useApiForm";

afterEach(cleanup);

function submitEvent(): SyntheticEvent<HTMLFormElement> {
  const form = document.createElement("form");
  const input = document.createElement("input");
  input.name = "email";
  input.value = "ada@example.com";
  form.append(input);
  return { preventDefault: () => undefined, currentTarget: form } as unknown as SyntheticEvent<HTMLFormElement>;
}

describe("useApiForm", () => {
  it("passes the form's fields and puts a 422's messages by field", async () => {
    const { result } = renderHook(() => useApiForm("Sign-up failed."));
    let seen = "";
    act(() => {
      result.current.handle((form) => {
        seen = formText(form, "email");
        return Promise.reject(
          new ApiError(422, {
            type: "/problems/validation",
            title: "Validation failed",
            status: 422,
            instance: "/api/v1/auth/signup",
            errors: [{ field: "email", message: "is already taken" }],
          }),
        );
      })(submitEvent());
    });
    expect(result.current.busy).toBe(true);
    await waitFor(() => {
      expect(result.current.busy).toBe(false);
    });
    expect(seen).toBe("ada@example.com");
    expect(result.current.fields).toEqual({ email: "is already taken" });
    expect(result.current.error).toBe("Some fields need another look.");
  });

  it("says what the failure said, and clears it on the next success", async () => {
    const { result } = renderHook(() => useApiForm("The comment was not saved."));
    act(() => {
      result.current.handle(() => Promise.reject(new Error("boom")))(submitEvent());
    });
    await waitFor(() => {
      expect(result.current.error).toBe("boom");
    });
    act(() => {
      result.current.handle(() => Promise.resolve())(submitEvent());
    });
    await waitFor(() => {
      expect(result.current.busy).toBe(false);
    });
    expect(result.current.error).toBeNull();
    expect(result.current.fields).toEqual({});
  });
});
