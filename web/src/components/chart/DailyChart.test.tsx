import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { DailyChart } from "./DailyChart";

afterEach(cleanup);

const days = ["2026-01-01", "2026-01-02", "2026-01-03"];

describe("DailyChart", () => {
  it("names the figure by its title and says what it shows in words and numbers", () => {
    render(<DailyChart title="Sign-ups" noun="sign-ups" yLabel="Accounts" kind="bar" days={days} values={[1, 0, 4]} />);
    const figure = screen.getByRole("figure", { name: "Sign-ups" });
    expect(figure.textContent).toContain("5 sign-ups from Jan 1 to Jan 3; most on Jan 3 (4), 4 on the last day.");
    const rows = within(figure).getAllByRole("row");
    expect(rows.map((r) => r.textContent)).toEqual(["Day (UTC)Accounts", "2026-01-011", "2026-01-020", "2026-01-034"]);
    // The drawing repeats the table for the eye only.
    expect(figure.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
  });

  it("draws a bar per day, zero days without height, each with a tooltip", () => {
    const { container } = render(
      <DailyChart title="Posts" noun="posts" yLabel="Posts" kind="bar" days={days} values={[1, 0, 4]} />,
    );
    const bars = [...container.querySelectorAll("rect.chart-bar")];
    expect(bars).toHaveLength(3);
    expect(bars.map((b) => Number(b.getAttribute("height")) > 0)).toEqual([true, false, true]);
    expect(bars[2]?.querySelector("title")?.textContent).toBe("Jan 3: 4 posts");
  });

  it("draws a line through every day with labelled axes", () => {
    const { container } = render(
      <DailyChart
        title="Active users"
        noun="active users"
        yLabel="Users"
        kind="line"
        days={days}
        values={[3, 9, 4]}
        additive={false}
      />,
    );
    expect(container.querySelector("polyline")?.getAttribute("points")?.split(" ")).toHaveLength(3);
    const texts = [...container.querySelectorAll("text")].map((t) => t.textContent);
    expect(texts).toContain("Users");
    expect(texts).toContain("Day (UTC)");
    expect(texts).toContain("Jan 1");
    expect(texts).toContain("10"); // the axis rounds 9 up to a tick
  });

  it("holds the place with a skeleton while loading", () => {
    const { container } = render(
      <DailyChart title="Votes" noun="votes" yLabel="Votes" kind="line" days={undefined} values={undefined} />,
    );
    expect(screen.getByRole("figure", { name: "Votes" }).getAttribute("aria-busy")).toBe("true");
    expect(container.querySelector("svg")).toBeNull();
    expect(container.querySelector(".chart-skeleton")).not.toBeNull();
  });
});
