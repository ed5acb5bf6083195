// SCIM bearer tokens: what HR systems / identity providers present at /scim/v2.
// Only the sha256 is stored; the value is returned once, from createScimToken.
// A recognisable prefix ("psc_") lets secret scanners and admins spot leaked tokens.
import type { z } from "zod";
import type { Actor } from "../auth/roles";
import { randomToken, sha256 } from "../crypto";
import { db } from "../db";
import type { ScimToken } from "../db/generated/client";
import { notFound } from "../errors";
import { writeAudit } from "../logs/audit";
import { createScimTokenSchema, type ScimTokenView } from "./token-schemas";

export const TOKEN_PREFIX = "psc_";
/** lastUsedAt is written at most this often: a busy client must not turn every request into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function toScimTokenView(t: ScimToken): ScimTokenView {
  return {
    id: t.id, name: t.name, prefix: t.prefix, createdBy: t.createdBy, createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null, status: t.revokedAt ? "revoked" : "active",
  };
}

export async function listScimTokens(): Promise<ScimTokenView[]> {
  const rows = await db.scimToken.findMany({ orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }] });
  return rows.map(toScimTokenView);
}

export async function createScimToken(actor: Actor, input: z.input<typeof createScimTokenSchema>, ip?: string): Promise<ScimTokenView & { token: string }> {
  const { name } = createScimTokenSchema.parse(input);
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  const created = await db.$transaction(async (tx) => {
    const row = await tx.scimToken.create({ data: { name, tokenHash: sha256(token), prefix: token.slice(0, 10), createdBy: actor.email } });
    // the audit entry names the token by prefix only
    await writeAudit(actor, { action: "scim_token.create", targetType: "scim_token", targetId: row.id, targetName: name, after: { name, prefix: row.prefix } }, tx, ip);
    return row;
  });
  return { ...toScimTokenView(created), token };
}

export async function revokeScimToken(actor: Actor, id: string, ip?: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.scimToken.findUnique({ where: { id } });
    if (!row) throw notFound("The SCIM token");
    if (row.revokedAt) return; // revoking twice is not an error
    await tx.scimToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await writeAudit(actor, { action: "scim_token.revoke", targetType: "scim_token", targetId: id, targetName: row.name, before: { status: "active" }, after: { status: "revoked" } }, tx, ip);
  });
}

/** The SCIM client behind an Authorization header, or null (unknown, malformed or revoked). */
export async function authenticateScimToken(authorization: string | null): Promise<Actor | null> {
  const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim()) : null;
  if (!m) return null;
  // lookup by hash: the unique index does the comparison, no timing leak about the token itself
  const row = await db.scimToken.findUnique({ where: { tokenHash: sha256(m[1]!) } });
  if (!row || row.revokedAt) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // conditional update: concurrent requests write at most once per minute
    await db.scimToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  return { id: row.id, email: `scim:${row.name}`, name: row.name, role: "app_admin", via: "scim" };
}
