import { describe, expect, it } from "vitest";
import { negotiateLocale } from "./negotiate";
import { isLocale } from "./locales";

describe("negotiateLocale", () => {
  it("answers English without a header or without a supported language", () => {
    expect(negotiateLocale(undefined)).toBe("en");
    expect(negotiateLocale(null)).toBe("en");
    expect(negotiateLocale("")).toBe("en");
    expect(negotiateLocale("fr-FR, de;q=0.8")).toBe("en");
    expect(negotiateLocale("*")).toBe("en");
  });

  it("maps every Simplified Chinese tag to zh-CN", () => {
    for (const h of ["zh", "zh-CN", "zh-cn", "zh-Hans", "zh-Hans-CN", "zh-SG", "ZH-CN"]) expect(negotiateLocale(h), h).toBe("zh-CN");
  });

  it("does not offer zh-CN for Traditional Chinese and falls through to the next range", () => {
    expect(negotiateLocale("zh-TW")).toBe("en");
    expect(negotiateLocale("zh-Hant-HK, zh;q=0.5")).toBe("zh-CN");
    expect(negotiateLocale("zh-HK")).toBe("en");
  });

  it("follows q-values, ties keep header order, q=0 excludes", () => {
    expect(negotiateLocale("en;q=0.5, zh-CN;q=0.9")).toBe("zh-CN");
    expect(negotiateLocale("zh-CN;q=0.4, en-US;q=0.6")).toBe("en");
    expect(negotiateLocale("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(negotiateLocale("en-GB,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(negotiateLocale("zh-CN;q=0, en;q=0.1")).toBe("en");
    expect(negotiateLocale("fr;q=1, zh;q=0.2")).toBe("zh-CN");
    expect(negotiateLocale("zh, en")).toBe("zh-CN");
    expect(negotiateLocale("en, zh")).toBe("en");
  });

  it("ignores malformed ranges and q-values instead of throwing", () => {
    expect(negotiateLocale("zh-CN;q=abc, en;q=0.3")).toBe("en");
    expect(negotiateLocale(";;;, ,zh-CN")).toBe("zh-CN");
    expect(negotiateLocale("zh-CN;q=2")).toBe("en");
    expect(negotiateLocale("x".repeat(10_000))).toBe("en");
    expect(negotiateLocale("de,".repeat(5000) + "zh-CN")).toBe("en"); // ranges past the cap are not read
  });

  it("isLocale narrows to the supported locales", () => {
    expect(isLocale("zh-CN")).toBe(true);
    expect(isLocale("en")).toBe(true);
    expect(isLocale("zh")).toBe(false);
    expect(isLocale(1)).toBe(false);
  });
});
