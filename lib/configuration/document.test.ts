// Pure parts of the configuration document: schema errors with JSON paths, the diff.
import { describe, expect, it } from "vitest";
import { diffConfigurations } from "./document";
import { configurationDocumentSchema, zodIssues } from "./schema";

describe("[CONFIGURATION] document", () => {
  it("the schema lists every structural problem with its JSON path", () => {
    const r = configurationDocumentSchema.safeParse({
      version: 2, templateId: "scim", color: "red",
      provisioning: { mode: "sometimes", scope: "all", notificationEmail: "not-an-email", sendFailureEmails: "yes", preventAccidentalDeletion: false, accidentalDeletionThreshold: 0, intervalMinutes: 1.5 },
      mappings: { user: { name: "Users", enabled: true, targetObject: "User", actions: { create: true, update: true, delete: true }, scopingFilters: [], attributeMappings: [{ type: "direct", target: "", applyOn: "always" }], targetAttributes: [] } },
    });
    expect(r.success).toBe(false);
    const issues = zodIssues(r.error!);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining([
      "version", "", "provisioning.mode", "provisioning.notificationEmail", "provisioning.sendFailureEmails",
      "provisioning.accidentalDeletionThreshold", "provisioning.intervalMinutes", "mappings.user.attributeMappings.0.target", "mappings.group",
    ]));
    expect(issues.find((i) => i.path === "")?.message).toBe("Unknown field: color");
    expect(issues.find((i) => i.path === "version")?.message).toMatch(/version must be 1/);
  });

  it("the diff names each changed leaf, array elements by position, null and absent alike", () => {
    const a = { p: { mode: "manual", n: null }, list: [{ t: "x", d: null }, { t: "y" }] };
    const b = { p: { mode: "automatic" }, list: [{ t: "x" }, { t: "z" }, { t: "w" }] };
    expect(diffConfigurations(a, b)).toEqual([
      { path: "p.mode", before: "manual", after: "automatic" },
      { path: "list.1.t", before: "y", after: "z" },
      { path: "list.2", before: null, after: { t: "w" } },
    ]);
    expect(diffConfigurations(b, b)).toEqual([]);
  });
});
