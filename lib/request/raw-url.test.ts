import { describe, expect, it } from "vitest";
import { rawTargetProblem } from "./raw-url";

describe("[SECURITY][PATH] raw request targets (issue 14 items 8 and 9)", () => {
  it.each([
    "/api/v1/apps/1/assignments/%2e%2e",
    "/api/v1/apps/1/assignments/%2E%2e",
    "/api/v1/apps/1/assignments/..",
    "/api/v1/apps/1/assignments/.",
    "/api/v1/apps/1/assignments/%2e",
    "/api/v1/apps/1/assignments/%2e%2e/",
    "/api/v1/apps/1/assignments/%2e%2e?x=1",
    "/api/v1/users/a%2fb",
    "/api/v1/users/a%2Fb",
    "/api/v1/users/a%5cb",
    "/api/v1/users/a\\b",
    "/api/v1/users/%ff",
    "/api/v1/users/%C0%AF",
    "/api/v1/users/%ED%A0%80",
    "/api/v1/users/%",
    "/api/v1/users/%zz",
    "/api/v1/users/%e2%82",
    "/api/v1/users/%00",
    "/api/v1/users/a%0ab",
    "/scim/v2/Users/%c0%ae%c0%ae",
    "/scim/v2/Users/%2e%2e",
    "/users/%f0%28%8c%bc",
    "users",
  ])("%s is refused", (t) => {
    expect(rawTargetProblem(t)).toEqual(expect.any(String));
  });

  it.each([
    "/",
    "/api/v1/users/2b1d4c1e-0000-4000-8000-000000000000",
    "/api/v1/users?filter=%ff%2e%2e", // the query is parsed leniently and never routed on
    "/scim/v2/Users?filter=userName%20eq%20%22a%40b%22",
    "/users/J%C3%BCrgen",
    "/_next/static/chunks/app.js",
    "/api/auth/callback/credentials",
    "/a..b/.c/d.",
    "*",
  ])("%s passes", (t) => {
    expect(rawTargetProblem(t)).toBeNull();
  });
});
