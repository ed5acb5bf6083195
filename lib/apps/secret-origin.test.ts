import { describe, expect, it } from "vitest";
import { getTemplateOrThrow } from "../connectors";
import { AppError } from "../errors";
import { assertNoDroppedSecretNeeded, mergeStoredSecrets, movedUrlFields, originOf } from "./secret-origin";

const scim = getTemplateOrThrow("scim");
const goto = getTemplateOrThrow("gotomeeting");
const stored = { tenantUrl: "https://app.example.com/scim/v2", authMethod: "bearer" };
const secrets = { secretToken: "stored-token-123" };

describe("[SECURITY][SECRET-ORIGIN] stored secrets follow only the origin they were saved for", () => {
  it("an origin is scheme, host and port; a path change keeps it", () => {
    expect(originOf("https://App.Example.com/scim/v2")).toBe("https://app.example.com");
    expect(originOf("https://app.example.com:443/x")).toBe(originOf("https://app.example.com/y"));
    expect(movedUrlFields(scim, stored, { ...stored, tenantUrl: "https://app.example.com/other" })).toEqual([]);
    for (const moved of ["http://app.example.com/scim/v2", "https://app.example.com:8443/scim/v2", "https://evil.example/scim/v2", "https://app.example.com.evil.example/scim/v2", ""]) {
      expect(movedUrlFields(scim, stored, { ...stored, tenantUrl: moved }), moved).toEqual(["tenantUrl"]);
    }
  });

  it("same origin: an empty secret keeps the stored one; changed origin: the stored secret is dropped and must be re-entered", () => {
    expect(mergeStoredSecrets(scim, stored, secrets, { ...stored, tenantUrl: "https://app.example.com/v3", secretToken: "" }).merged.secretToken).toBe("stored-token-123");
    const d = mergeStoredSecrets(scim, stored, secrets, { tenantUrl: "https://evil.example/scim/v2", authMethod: "bearer" });
    expect(d).toMatchObject({ moved: ["tenantUrl"], dropped: ["secretToken"] });
    expect(d.merged.secretToken).toBeUndefined();
    let err: unknown;
    try {
      assertNoDroppedSecretNeeded(scim, d, ["secretToken"]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).message).toMatch(/Tenant URL now points at a different host, so the saved Secret Token is not sent there/);
    expect((err as AppError).details?.map((x) => x.path)).toEqual(["secretToken"]);
    // typed again: nothing to refuse
    expect(mergeStoredSecrets(scim, stored, secrets, { tenantUrl: "https://evil.example/scim/v2", authMethod: "bearer", secretToken: "new" }).dropped).toEqual([]);
  });

  it("GoTo: a changed token URL drops the admin password and client secret", () => {
    const pub = { adminUsername: "a@b.c", tokenUrl: "https://auth.goto.example/oauth/token" };
    const d = mergeStoredSecrets(goto, pub, { adminPassword: "pw-123456", clientSecret: "cs-123456" }, { ...pub, tokenUrl: "https://evil.example/token" });
    expect(d).toMatchObject({ moved: ["tokenUrl"], dropped: ["adminPassword", "clientSecret"] });
    expect(() => assertNoDroppedSecretNeeded(goto, d, ["adminPassword"])).toThrow(/Token URL now points at a different host, so the saved Admin Password is not sent there/);
  });
});
