import { describe, expect, it } from "vitest";
import { planPush } from "./push-plan";

describe("planPush", () => {
  it("nothing to do without notices", () => expect(planPush([])).toEqual({ kind: "none" }));

  it("gathers the changed users and groups, and the apps of assignment notices", () => {
    const plan = planPush([
      { objectType: "user", ids: ["u1", "u2"] },
      { objectType: "group", ids: ["g1"] },
      { objectType: "user", ids: ["u2", "u3"] },
      { objectType: "assignment", appId: "a1", ids: ["u9"] },
    ]);
    expect(plan).toEqual({ kind: "some", userIds: ["u1", "u2", "u3"], groupIds: ["g1"], appIds: ["a1"] });
  });

  it("a notice without ids (a bulk write) concerns every app", () => {
    expect(planPush([{ objectType: "user", ids: ["u1"] }, { objectType: "user" }])).toEqual({ kind: "all" });
    expect(planPush([{ objectType: "group" }])).toEqual({ kind: "all" });
  });

  it("an assignment notice without an app concerns every app", () => {
    expect(planPush([{ objectType: "assignment" }])).toEqual({ kind: "all" });
  });
});
