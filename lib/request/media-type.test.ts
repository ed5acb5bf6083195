import { describe, expect, it } from "vitest";
import { mediaTypeProblem } from "./media-type";

const JSON_ONLY = ["application/json"];
const SCIM = ["application/scim+json", "application/json"];

describe("[SECURITY][MEDIA] Content-Type of JSON bodies (issue 14 item 13)", () => {
  it.each(["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8", 'application/json; charset="utf-8"'])("%s is accepted", (ct) => {
    expect(mediaTypeProblem(ct, JSON_ONLY)).toBeNull();
  });
  it.each([null, "", "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/json; charset=utf-16le", "application/scim+json", "application/jsonx", "text/json"])("%s is refused", (ct) => {
    expect(mediaTypeProblem(ct, JSON_ONLY)).toEqual(expect.any(String));
  });
  it("SCIM takes both JSON media types", () => {
    expect(mediaTypeProblem("application/scim+json", SCIM)).toBeNull();
    expect(mediaTypeProblem("application/json", SCIM)).toBeNull();
    expect(mediaTypeProblem("text/plain", SCIM)).toMatch(/application\/scim\+json/);
  });
});
