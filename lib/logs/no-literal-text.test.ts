// Issue 18: the engine says what happened as catalogue texts (lt()/qt()), stored language-neutral.
// An English string literal where a log text is expected would be stored as foreign text and read
// in English in every language; this scan of lib/sync fails on one.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "sync");
/** A text field (a step's text, a reason, a why, a recommendation) or a text joiner given a string literal. */
const LITERAL_TEXT = /\b(?:text|reason|why|recommendation)\s*:\s*["'`]|\b(?:sentences|list)\(\s*\[?\s*["'`]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("[I18N] engine log texts", () => {
  it("lib/sync passes no string literal where a log text is expected", () => {
    const found = sources(ROOT).flatMap((file) =>
      readFileSync(file, "utf8").split("\n").flatMap((line, i) =>
        !/^(\/\/|\/\*|\*)/.test(line.trim()) && LITERAL_TEXT.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : []));
    expect(found).toEqual([]);
  });

  it("the scan catches a literal (the pattern is not vacuous)", () => {
    expect(LITERAL_TEXT.test(`steps.push({ code: "import_user", status: "success", text: "Read the user." });`)).toBe(true);
    expect(LITERAL_TEXT.test(`return { op: "skip", reason: \`Already there.\` };`)).toBe(true);
    expect(LITERAL_TEXT.test(`sentences("A.", lt("b"))`)).toBe(true);
    expect(LITERAL_TEXT.test(`return { op: "skip", reason: lt("alreadyDisabled") };`)).toBe(false);
  });
});
