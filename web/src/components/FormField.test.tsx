import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { FormField } from "./FormField";

afterEach(cleanup);

describe("FormField", () => {
  it("labels its input and ties the server's message to it", () => {
    render(<FormField label="Email" name="email" error="is already taken" />);
    const input = screen.getByLabelText("Email");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const described = input.getAttribute("aria-describedby");
    expect(described).toBeTruthy();
    expect(document.getElementById(described ?? "")?.textContent).toBe("is already taken");
  });
  it("claims nothing without an error", () => {
    render(<FormField label="Username" name="username" />);
    const input = screen.getByLabelText("Username");
    expect(input.hasAttribute("aria-invalid")).toBe(false);
    expect(input.hasAttribute("aria-describedby")).toBe(false);
  });
});
