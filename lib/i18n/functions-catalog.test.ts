// Issue 18: every expression function's description is in the catalogue, and the English entry
// says exactly what lib/mapping says (the catalogue copy cannot drift from the function list).
import { describe, expect, it } from "vitest";
import { FUNCTIONS } from "../mapping";
import { translateKey } from "./translate";

describe("[I18N] expression function descriptions", () => {
  it("English as lib/mapping writes it; Chinese for every function, names never translated", () => {
    for (const f of FUNCTIONS) {
      expect(translateKey("en", `mappings.functions.${f.name}`), f.name).toBe(f.description);
      const zh = translateKey("zh-CN", `mappings.functions.${f.name}`);
      expect(zh, f.name).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(translateKey("zh-CN", "mappings.functions.Replace")).toContain("${group}");
  });
});
