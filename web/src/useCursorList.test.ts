import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useCursorList, type CursorPage } from "./useCursorList";

// Pages of numbers: the first -> [1, 2], then "b" -> [3] (the last).
const pages: Record<string, CursorPage<number>> = {
  start: { items: [1, 2], next: "b" },
  b: { items: [3], next: null },
};
const load = (cursor: string | undefined) => Promise.resolve(pages[cursor ?? "start"] ?? { items: [], next: null });

describe("useCursorList", () => {
  it("loads the first page, then appends the next until the last", async () => {
    const { result } = renderHook(() => useCursorList(load, "failed"));
    expect(result.current.items).toBeUndefined();
    await waitFor(() => {
      expect(result.current.items).toEqual([1, 2]);
    });
    expect(result.current.hasMore).toBe(true);
    act(() => {
      result.current.loadMore();
    });
    await waitFor(() => {
      expect(result.current.items).toEqual([1, 2, 3]);
    });
    expect(result.current.hasMore).toBe(false);
    expect(result.current.loading).toBe(false);
  });

  it("edits the list in place", async () => {
    const { result } = renderHook(() => useCursorList(load, "failed"));
    await waitFor(() => {
      expect(result.current.items).toEqual([1, 2]);
    });
    act(() => {
      result.current.update((xs) => xs.filter((x) => x !== 1));
    });
    expect(result.current.items).toEqual([2]);
  });

  it("says why a page failed and keeps what it had", async () => {
    let fail = false;
    const flaky = (cursor: string | undefined) => (fail ? Promise.reject(new Error("Agora is busy")) : load(cursor));
    const { result } = renderHook(() => useCursorList(flaky, "failed"));
    await waitFor(() => {
      expect(result.current.items).toEqual([1, 2]);
    });
    fail = true;
    act(() => {
      result.current.loadMore();
    });
    await waitFor(() => {
      expect(result.current.error).toBe("Agora is busy");
    });
    expect(result.current.items).toEqual([1, 2]);
    expect(result.current.hasMore).toBe(true); // so "Load more" can try again
  });

  it("drops a late answer to a previous filter", async () => {
    let release: (page: CursorPage<string>) => void = () => undefined;
    const slow = () => new Promise<CursorPage<string>>((resolve) => (release = resolve));
    const fast = () => Promise.resolve({ items: ["new"], next: null });
    const { result, rerender } = renderHook(({ l }) => useCursorList(l, "failed"), { initialProps: { l: slow } });
    const releaseOld = release;
    rerender({ l: fast });
    await waitFor(() => {
      expect(result.current.items).toEqual(["new"]);
    });
    await act(async () => {
      releaseOld({ items: ["old"], next: "x" });
      await Promise.resolve();
    });
    expect(result.current.items).toEqual(["new"]);
    expect(result.current.hasMore).toBe(false);
  });
});

describe("useCursorList refresh", () => {
  it("reads the first page again without blanking the list", async () => {
    let first: CursorPage<number> = { items: [1, 2], next: null };
    const current = () => Promise.resolve(first); // one function: a new one would mean a new list
    const { result } = renderHook(() => useCursorList(current, "failed"));
    await waitFor(() => {
      expect(result.current.items).toEqual([1, 2]);
    });
    first = { items: [0, 1, 2], next: null };
    act(() => {
      result.current.refresh();
    });
    expect(result.current.items).toEqual([1, 2]); // still shown while loading
    await waitFor(() => {
      expect(result.current.items).toEqual([0, 1, 2]);
    });
  });
});
