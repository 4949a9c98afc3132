import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Highlighted } from "./Highlighted";

describe("Highlighted", () => {
  it("marks the matched runs and keeps the text in order", () => {
    const { container } = render(
      <p>
        <Highlighted
          runs={[
            { text: "… a short ", match: false },
            { text: "run", match: true },
            { text: " by the river", match: false },
          ]}
        />
      </p>,
    );
    expect(container.textContent).toBe("… a short run by the river");
    expect([...container.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["run"]);
  });

  it("shows markup in a run as text, never as HTML", () => {
    const { container } = render(
      <p>
        <Highlighted runs={[{ text: "<img src=x onerror=alert(1)>", match: true }]} />
      </p>,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("mark")?.textContent).toBe("<img src=x onerror=alert(1)>");
  });
});
