import { describe, expect, it } from "vitest";
import { requestProblem } from "./gate";

describe("[SECURITY][PATH] request gate (issue 14 item 9: malformed router state)", () => {
  it("refuses router-state headers Next cannot parse, passes the ones it sends", () => {
    for (const bad of ["x", "%", "%E0%A4%A", "[]", '["",{}', encodeURIComponent('["",{"children":1}]'), "a".repeat(50_000), ["a", "b"]]) {
      expect(requestProblem("/users", bad), String(bad).slice(0, 40)).toMatch(/Router-State/);
    }
    expect(requestProblem("/users", encodeURIComponent('["",{"children":["users",{"children":["__PAGE__",{}]}]},null,null]'))).toBeNull();
    expect(requestProblem("/users", undefined)).toBeNull();
  });
  it("refuses bad paths first", () => {
    expect(requestProblem("/api/v1/users/%ff", undefined)).toMatch(/UTF-8|percent/);
  });
});
