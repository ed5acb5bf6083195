import { describe, expect, it } from "vitest";
import { chooseLocale } from "./choose-locale";

describe("chooseLocale", () => {
  it("prefers the admin's stored choice over the cookie and the browser", () => {
    expect(chooseLocale({ stored: "zh-CN", cookie: "en", acceptLanguage: "en-US" })).toBe("zh-CN");
    expect(chooseLocale({ stored: "en", cookie: "zh-CN", acceptLanguage: "zh-CN" })).toBe("en");
  });
  it("falls back to the cookie, then Accept-Language, then English", () => {
    expect(chooseLocale({ stored: null, cookie: "zh-CN", acceptLanguage: "en" })).toBe("zh-CN");
    expect(chooseLocale({ stored: null, cookie: null, acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8" })).toBe("zh-CN");
    expect(chooseLocale({})).toBe("en");
  });
  it("ignores values that are not a portal language", () => {
    expect(chooseLocale({ stored: "fr", cookie: "<script>", acceptLanguage: "zh" })).toBe("zh-CN");
    expect(chooseLocale({ stored: "", cookie: "zh-TW", acceptLanguage: "de" })).toBe("en");
  });
});
