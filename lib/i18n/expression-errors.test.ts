// Issue 18: the expression parser's and validator's errors carry a code and values, and the
// catalogue's English for that code is exactly the parser's message (so the two cannot drift);
// Chinese for every one.
import { describe, expect, it } from "vitest";
import { validateExpression } from "../mapping";
import { translateKey } from "./translate";

const BAD = [
  "", "Join(\" \", [givenName]))", "[a] = ", "(", "(Trim([a])", "@", "[a", "[]", "\"open", "1e999", "&H", "Foo [a]",
  "Join(\" \", [givenName]", "Mid([a] 1, 2)", "[nope]", "Nope([a])", "Mid([a])", "Left(, 2)", "Join(\",\", SelectUniqueValue([a]))",
  "&H" + "F".repeat(20), "x".repeat(20000),
];

describe("[I18N] expression errors", () => {
  it("every error has a code whose English is the parser's message and whose Chinese is Chinese", () => {
    const seen = new Set<string>();
    for (const src of BAD) {
      const v = validateExpression(src, { knownAttributes: ["a", "givenName"] });
      expect(v.ok, src).toBe(false);
      if (v.ok) continue;
      for (const e of v.errors) {
        expect(e.code, `${src}: ${e.message}`).toBeDefined();
        seen.add(e.code!);
        expect(translateKey("en", `errors.expression.${e.code}`, e.values), src).toBe(e.message);
        const zh = translateKey("zh-CN", `errors.expression.${e.code}`, e.values);
        expect(zh, src).toMatch(/[\u4e00-\u9fff]/);
        if (e.values && "position" in e.values) expect(zh, src).toContain(String(e.position));
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(15);
  });
});
