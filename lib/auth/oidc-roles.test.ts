import { describe, expect, it } from "vitest";
import { claimValues, hasClaim, parseRoleMap, roleFromClaims, type RoleMap } from "./oidc-roles";

const MAP = "provisio-admins=global,provisio-ops=application,provisio-readers=reader";
const map = (raw: string): RoleMap => {
  const p = parseRoleMap(raw);
  if (!p.ok) throw new Error(p.errors.join("; "));
  return p.map;
};

describe("[AUTH][OIDC] OIDC_ROLE_MAP", () => {
  it("parses value=role pairs (global, application, reader), spaces and case of the role word ignored", () => {
    expect(map(` provisio-admins = Global ,provisio-ops=application, provisio-readers=reader `)).toEqual([
      { value: "provisio-admins", role: "global_admin" },
      { value: "provisio-ops", role: "app_admin" },
      { value: "provisio-readers", role: "reader" },
    ]);
  });
  it("splits each entry on its last '=' so values like LDAP names keep theirs", () => {
    expect(map("cn=admins=global")).toEqual([{ value: "cn=admins", role: "global_admin" }]);
  });
  it("lists every bad entry", () => {
    const p = parseRoleMap("admins=root,=reader,ops,admins2=global,admins2=reader");
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.errors).toEqual([
      '"admins=root" is not claim-value=role with role global, application or reader',
      '"=reader" is not claim-value=role with role global, application or reader',
      '"ops" is not claim-value=role with role global, application or reader',
      '"admins2" appears more than once',
    ]);
    expect(parseRoleMap(" , ").ok).toBe(false);
  });
});

describe("[AUTH][OIDC] the role a sign-in's claims earn", () => {
  const m = map(MAP);
  it("an array claim: the highest mapped role wins, unmapped values are ignored", () => {
    expect(roleFromClaims({ groups: ["staff", "provisio-readers"] }, "groups", m)).toBe("reader");
    expect(roleFromClaims({ groups: ["provisio-readers", "provisio-admins", "provisio-ops"] }, "groups", m)).toBe("global_admin");
    expect(roleFromClaims({ groups: ["provisio-ops", "provisio-readers"] }, "groups", m)).toBe("app_admin");
  });
  it("no claim, an empty claim or only unmapped values: no role (never a default)", () => {
    expect(roleFromClaims({}, "groups", m)).toBeNull();
    expect(roleFromClaims({ groups: [] }, "groups", m)).toBeNull();
    expect(roleFromClaims({ groups: ["staff", "Provisio-Admins"] }, "groups", m)).toBeNull(); // exact, case-sensitive
    expect(roleFromClaims({ roles: ["provisio-admins"] }, "groups", m)).toBeNull(); // another claim
  });
  it("a string claim: the whole value or its space-separated parts", () => {
    expect(roleFromClaims({ roles: "provisio-ops" }, "roles", m)).toBe("app_admin");
    expect(roleFromClaims({ roles: "staff provisio-admins" }, "roles", m)).toBe("global_admin");
    expect(roleFromClaims({ groups: "Provisio Admins" }, "groups", map("Provisio Admins=global"))).toBe("global_admin");
  });
  it("a dotted path reaches nested claims (Keycloak realm_access.roles); a claim named with the dot wins", () => {
    expect(roleFromClaims({ realm_access: { roles: ["provisio-admins"] } }, "realm_access.roles", m)).toBe("global_admin");
    expect(roleFromClaims({ "realm_access.roles": ["provisio-readers"], realm_access: { roles: ["provisio-admins"] } }, "realm_access.roles", m)).toBe("reader");
    expect(roleFromClaims({ realm_access: ["provisio-admins"] }, "realm_access.roles", m)).toBeNull();
  });
  it("objects inside the claim are not values; numbers and booleans are compared as text", () => {
    expect(claimValues({ groups: [{ name: "provisio-admins" }, 42, true, ""] }, "groups")).toEqual(["42", "true"]);
  });
  it("hasClaim tells an absent claim from an empty one", () => {
    expect(hasClaim({ groups: [] }, "groups")).toBe(true);
    expect(hasClaim({}, "groups")).toBe(false);
    expect(hasClaim({ a: { b: null } }, "a.b")).toBe(true);
    expect(hasClaim({ a: { c: 1 } }, "a.b")).toBe(false);
  });
});
