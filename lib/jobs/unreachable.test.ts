import { describe, expect, it } from "vitest";
import { UnreachableTargets } from "./unreachable";

describe("UnreachableTargets (the push lane's skip list)", () => {
  it("holds an app from its target's failure until it answers again", () => {
    const t = new UnreachableTargets(60_000);
    expect(t.has("a", 0)).toBe(false);
    t.failed("a", 1_000);
    expect(t.has("a", 2_000)).toBe(true);
    expect(t.has("b", 2_000)).toBe(false);
    t.answered("a");
    expect(t.has("a", 2_000)).toBe(false);
  });

  it("lets a mark lapse, so a target that came back while no slice ran is pushed to again", () => {
    const t = new UnreachableTargets(60_000);
    t.failed("a", 0);
    expect(t.has("a", 59_999)).toBe(true);
    expect(t.has("a", 60_000)).toBe(false);
    // A later failure starts the wait again.
    t.failed("a", 70_000);
    expect(t.has("a", 100_000)).toBe(true);
  });
});
