import { describe, expect, it } from "vitest";
import { translateKey, translator } from "./translate";
import { formatDateTime, formatDuration, formatNumber } from "./format";

describe("translator", () => {
  it("translates a namespaced key in each language", () => {
    expect(translator("en", "common")("save")).toBe("Save");
    expect(translator("zh-CN", "common")("save")).toBe("保存");
    expect(translator("zh-CN")("common.cancel")).toBe("取消");
  });

  it("translateKey takes a key that is data and answers undefined for an unknown one", () => {
    expect(translateKey("zh-CN", "common.on")).toBe("开");
    expect(translateKey("en", "common.nope")).toBeUndefined();
    expect(translateKey("zh-CN", "nope.nope")).toBeUndefined();
  });

  it("formats ICU arguments (plural, number) per locale", () => {
    expect(translateKey("en", "errors.rowsTooMany", { rows: 1234567, max: 100000 })).toBe("The file has 1,234,567 rows; import at most 100,000 per file.");
    expect(translateKey("zh-CN", "errors.rowsTooMany", { rows: 1234567, max: 100000 })).toBe("文件有 1,234,567 行；每个文件最多导入 100,000 行。");
  });
});

describe("formatters", () => {
  it("numbers", () => {
    expect(formatNumber("en", 1234567.5)).toBe("1,234,567.5");
    expect(formatNumber("zh-CN", 1234567.5)).toBe("1,234,567.5");
  });

  it("dates, in the time zone asked for", () => {
    const d = new Date("2026-03-04T05:06:00Z");
    expect(formatDateTime("en", d, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })).toBe("Mar 4, 2026, 5:06 AM");
    expect(formatDateTime("zh-CN", d, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })).toBe("2026年3月4日 05:06");
    expect(formatDateTime("en", "not a date")).toBe("not a date");
  });

  it("durations: English as the portal printed them before, Chinese units", () => {
    expect(formatDuration("en", 350)).toBe("350 ms");
    expect(formatDuration("en", 12_000)).toBe("12 s");
    expect(formatDuration("en", 125_000)).toBe("2 min 5 s");
    expect(formatDuration("en", 3_780_000)).toBe("1 h 3 min");
    expect(formatDuration("zh-CN", 125_000)).toBe("2 分钟 5 秒");
    expect(formatDuration("zh-CN", 350)).toBe("350 毫秒");
  });
});
