import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FollowControl, type Level } from "./FollowControl";

describe("FollowControl", () => {
  afterEach(cleanup);

  it("saves the chosen level, and null for not following", async () => {
    const save = vi.fn<(level: Level | null) => Promise<void>>(() => Promise.resolve());
    render(<FollowControl level={null} save={save} />);
    const select = screen.getByLabelText<HTMLSelectElement>("Notifications");
    expect(select.value).toBe("");
    fireEvent.change(select, { target: { value: "all" } });
    await waitFor(() => {
      expect(save).toHaveBeenLastCalledWith("all");
    });
    expect(select.value).toBe("all");
    fireEvent.change(select, { target: { value: "" } });
    await waitFor(() => {
      expect(save).toHaveBeenLastCalledWith(null);
    });
  });

  it("puts the level back and says why when the server refuses", async () => {
    const save = vi.fn(() => Promise.reject(new Error("Please sign in to do that.")));
    render(<FollowControl level="replies" save={save} />);
    const select = screen.getByLabelText<HTMLSelectElement>("Notifications");
    fireEvent.change(select, { target: { value: "muted" } });
    await screen.findByText("Please sign in to do that.");
    expect(select.value).toBe("replies");
  });
});
