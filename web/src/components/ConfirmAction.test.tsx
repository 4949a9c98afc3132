import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { formText } from "../formText";
import { ConfirmAction } from "./ConfirmAction";
import { FormField } from "./FormField";

afterEach(cleanup);

function renderRemove(onConfirm: (form: FormData) => Promise<void>) {
  render(
    <ConfirmAction
      trigger="Remove…"
      question="Remove this post?"
      confirm="Remove post"
      failed="The post was not removed."
      destructive
      onConfirm={onConfirm}
      fields={(errors) => <FormField label="Reason" name="reason" error={errors.reason} />}
    />,
  );
  return screen.getByRole("button", { name: "Remove…" });
}

describe("ConfirmAction", () => {
  it("sends nothing until confirmed, then sends the fields and closes", async () => {
    const sent: string[] = [];
    const trigger = renderRemove((form) => {
      sent.push(formText(form, "reason"));
      return Promise.resolve();
    });
    expect(trigger.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(trigger);
    expect(trigger.getAttribute("aria-expanded")).toBe("true");
    const reason = screen.getByRole("textbox", { name: "Reason" });
    expect(document.activeElement).toBe(reason);
    expect(screen.getByRole("form", { name: "Remove this post?" })).toBeTruthy();
    expect(sent).toEqual([]);
    fireEvent.change(reason, { target: { value: "spam" } });
    fireEvent.click(screen.getByRole("button", { name: "Remove post" }));
    await waitFor(() => {
      expect(screen.queryByRole("form")).toBeNull();
    });
    expect(sent).toEqual(["spam"]);
    expect(document.activeElement).toBe(trigger);
  });

  it("shows the server's message next to its field and stays open", async () => {
    renderRemove(() =>
      Promise.reject(
        new ApiError(422, {
          type: "/problems/validation",
          title: "Validation failed",
          status: 422,
          instance: "/api/v1/posts/1/remove",
          errors: [{ field: "reason", message: "must be at most 500 characters" }],
        }),
      ),
    );
    fireEvent.click(screen.getByRole("button", { name: "Remove…" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove post" }));
    await screen.findByText("must be at most 500 characters");
    expect(screen.getByRole("textbox", { name: "Reason" }).getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByRole("alert").textContent).toBe("Some fields need another look.");
  });

  it("cancels without sending and gives focus back", () => {
    let calls = 0;
    const trigger = renderRemove(() => {
      calls += 1;
      return Promise.resolve();
    });
    fireEvent.click(trigger);
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("form")).toBeNull();
    expect(document.activeElement).toBe(trigger);
    expect(calls).toBe(0);
  });
});
