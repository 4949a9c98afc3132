import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { LoadMore } from "./LoadMore";

afterEach(cleanup);

describe("LoadMore", () => {
  it("asks for the next page, ignores clicks while loading, and keeps focus when the list ends", () => {
    let asked = 0;
    const onLoad = () => (asked += 1);
    const props = { error: null, onLoad, label: "Load more entries" };
    const { rerender } = render(<LoadMore hasMore loading={false} {...props} />);
    const button = screen.getByRole("button", { name: "Load more entries" });
    button.focus();
    fireEvent.click(button);
    expect(asked).toBe(1);
    rerender(<LoadMore hasMore loading {...props} />);
    expect(button.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(button);
    expect(asked).toBe(1);
    rerender(<LoadMore hasMore={false} loading={false} {...props} />);
    expect(screen.queryByRole("button")).toBeNull();
    expect(document.activeElement?.textContent).toBe("That is everything.");
  });

  it("says nothing and takes no focus when a list simply has one page", () => {
    const { container } = render(
      <LoadMore hasMore={false} loading={false} error={null} onLoad={() => undefined} label="Load more" />,
    );
    expect(container.textContent).toBe("");
    expect(document.activeElement).toBe(document.body);
  });
});
