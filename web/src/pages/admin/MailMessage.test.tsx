import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { MailMessage } from "./MailMessage";

afterEach(cleanup);

const link = "http://127.0.0.1:8080/verify-email?token=tok_123";
const message = {
  id: 9,
  to: "ada@example.com",
  subject: "Verify your email",
  body: `Hello,\n\nConfirm your address: ${link}\n\n<script>alert(1)</script> javascript:alert(1)`,
  created_at: "2026-01-01T12:00:00.000000Z",
};

describe("MailMessage", () => {
  it("is an article named by its subject, its body shown on demand", () => {
    render(<MailMessage message={message} />);
    const article = screen.getByRole("article", { name: "Verify your email" });
    expect(within(article).getByRole("heading", { name: "Verify your email" })).toBeTruthy();
    expect(article.textContent).toContain("To ada@example.com");
    const toggle = within(article).getByRole("button", { name: "Show message" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(within(article).queryByRole("link")).toBeNull(); // hidden until shown
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(toggle.textContent).toBe("Hide message");
  });

  it("makes the verification link a link named by the URL, and nothing else", () => {
    render(<MailMessage message={message} />);
    fireEvent.click(screen.getByRole("button", { name: "Show message" }));
    const links = screen.getAllByRole("link");
    expect(links).toHaveLength(1);
    expect(screen.getByRole("link", { name: link }).getAttribute("href")).toBe(link);
    // Markup in a mail body is text, never HTML.
    expect(document.querySelector("script")).toBeNull();
    expect(screen.getByText(/<script>alert\(1\)<\/script>/)).toBeTruthy();
  });
});
