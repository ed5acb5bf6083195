import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvRows, neutraliseCell, restoreCell } from "./cells";

describe("CSV cells (formula injection)", () => {
  it.each([
    ["=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["@SUM(1+1)", "'@SUM(1+1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["'quoted", "''quoted"],
    ["'", "''"],
  ])("%j is neutralised and restored", (raw, safe) => {
    expect(neutraliseCell(raw)).toBe(safe);
    expect(restoreCell(safe)).toBe(raw);
  });

  it.each(["Ada Lovelace", "a=b", "x@contoso.com", "", "1-2"])("%j is left alone both ways", (v) => {
    expect(neutraliseCell(v)).toBe(v);
    expect(restoreCell(v)).toBe(v);
  });

  it("a hand-written quote before ordinary text stays", () => {
    expect(restoreCell("'hello")).toBe("'hello");
  });

  it("csvRows neutralises every cell and keeps CSV quoting", () => {
    const text = csvRows([["id", "displayName"], ["1", '=cmd|"x", y']]);
    expect(parse(text)).toEqual([["id", "displayName"], ["1", `'=cmd|"x", y`]]);
  });
});
