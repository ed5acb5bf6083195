// Integration-test fixture for the engine: a real local SCIM target, an app wired to
// it through the public data functions, and a helper that runs a cycle to the end.
import { ensureTestEnv, uniq } from "./env";

ensureTestEnv();
const { startScimTarget } = await import("../../e2e/targets/scim-target");
import type { ScimTargetOptions } from "../../e2e/targets/scim-target";
const { createApp } = await import("../apps/apps");
const { saveCredentials } = await import("../apps/credentials");
const { addAssignment } = await import("../apps/assignments");
const { createUser } = await import("../directory/users");
const { db } = await import("../db");
const { runAppSlice } = await import("../sync/cycle");
import type { Actor } from "../auth/roles";

export const actor: Actor = { id: "engine-test", email: "engine-test@provisio.test", name: "engine test", role: "global_admin", via: "system" };

export type TargetHandle = Awaited<ReturnType<typeof startScimTarget>>;

export async function scimApp(opts: { token?: string; preventAccidentalDeletion?: boolean; threshold?: number; notificationEmail?: string; missingStatus?: number; target?: ScimTargetOptions } = {}) {
  const token = opts.token ?? `tok-${uniq()}`;
  const target = await startScimTarget({ ...opts.target, auth: { type: "bearer", token }, record: true, missingStatus: opts.missingStatus });
  const app = await createApp(actor, { templateId: "scim", displayName: uniq("Engine app") });
  await saveCredentials(actor, app.id, { tenantUrl: target.baseUrl, secretToken: token });
  // Status On without the Test Connection round-trip the portal does (tested elsewhere).
  await db.app.update({
    where: { id: app.id },
    data: {
      status: "on", mode: "automatic",
      preventAccidentalDeletion: opts.preventAccidentalDeletion ?? false,
      accidentalDeletionThreshold: opts.threshold ?? 500,
      notificationEmail: opts.notificationEmail ?? "ops@provisio.test",
    },
  });
  return { app, target, token };
}

export async function newUser(extra: Record<string, unknown> = {}) {
  const nick = uniq("u");
  return createUser(actor, { userPrincipalName: `${nick}@contoso.test`, displayName: `User ${nick}`, givenName: "Given", surname: nick, mail: `${nick}@contoso.test`, mailNickname: nick, jobTitle: "Engineer", department: "R&D", ...extra });
}

export async function assign(appId: string, principalId: string, principalType: "user" | "group" = "user") {
  return addAssignment(actor, appId, { principalType, principalId, roleId: "default-access" });
}

/** Runs slices until the cycle ends (or nothing was due). Returns the finished cycle id. */
export async function runCycle(appId: string, opts: { force?: boolean; budgetMs?: number } = {}): Promise<string | undefined> {
  let cycleId: string | undefined;
  for (let i = 0; i < 200; i++) {
    const r = await runAppSlice(appId, { workerId: "test-worker", force: i === 0 ? opts.force ?? true : false, budgetMs: opts.budgetMs });
    cycleId = r.cycleId ?? cycleId;
    if (r.result === "done" || r.result === "idle") return cycleId;
    if (r.result === "busy") throw new Error("app unexpectedly leased by another worker");
  }
  throw new Error("cycle did not finish in 200 slices");
}

export const targetUsers = (t: TargetHandle) => [...t.state.users.values()] as Record<string, unknown>[];
export const findTargetUser = (t: TargetHandle, userName: string) => targetUsers(t).find((u) => String(u.userName).toLowerCase() === userName.toLowerCase());
export const mutations = (t: TargetHandle) => t.requests.filter((r) => r.method !== "GET");

export { db, uniq };
