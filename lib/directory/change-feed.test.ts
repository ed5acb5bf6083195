// The change feed against a real Postgres: every kind of change appears after
// the watermark exactly once, in its latest state; concurrent writers lose nothing.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/roles";
import { disconnectDb } from "../db";
import { openSession, waitForLockWaiters } from "../db/test-sessions";
import { currentSeq, directoryTx, readChanges, recordChanges, type Change } from "./change-feed";
import { addMembers, createGroup, deleteGroup, removeMember, replaceMembers, updateGroup } from "./groups";
import { createUser, deleteUser, setUsersEnabled, updateUser } from "./users";

const actor: Actor = { id: "test-admin", email: "feed-test@provisio.test", name: "Feed test", role: "app_admin", via: "system" };
const upn = (p = "u") => `${p}-${randomUUID().slice(0, 8)}@feed.example.com`;

/** Everything after `w`, paged through in small pages to exercise the cursor. */
async function drain(w: bigint, pageSize = 7): Promise<Change[]> {
  const all: Change[] = [];
  let at = w;
  for (;;) {
    const { changes, nextSeq } = await readChanges(at, pageSize);
    all.push(...changes);
    if (changes.length < pageSize) return all;
    expect(nextSeq).toBeGreaterThan(at);
    at = nextSeq;
  }
}

const key = (c: Change) => `${c.objectType}:${c.id}:${c.deleted ? "deleted" : "live"}`;

afterAll(async () => {
  await disconnectDb();
});

describe("change feed", () => {
  it("reports creates, updates, membership changes and deletions after the watermark, each object once", async () => {
    const w = await currentSeq();
    const a = await createUser(actor, { userPrincipalName: upn("a"), displayName: "Feed A" });
    const b = await createUser(actor, { userPrincipalName: upn("b"), displayName: "Feed B" });
    const g = await createGroup(actor, { displayName: `Feed group ${randomUUID()}` });
    await updateUser(actor, a.id, { jobTitle: "Engineer" });
    await updateUser(actor, a.id, { jobTitle: "Senior engineer" });
    await addMembers(actor, g.id, [a.id, b.id]);
    await updateGroup(actor, g.id, { description: "changed" });

    const changes = await drain(w);
    const keys = changes.map(key);
    expect(new Set(keys).size).toBe(keys.length); // once each
    expect(keys.sort()).toEqual([`group:${g.id}:live`, `user:${a.id}:live`, `user:${b.id}:live`].sort());
    // ordered by seq, strictly increasing
    for (let i = 1; i < changes.length; i++) expect(changes[i]!.seq).toBeGreaterThan(changes[i - 1]!.seq);

    // A watermark after those: only what changes next.
    const w2 = await currentSeq();
    await removeMember(actor, g.id, b.id);
    const afterRemove = await drain(w2);
    expect(afterRemove.map(key).sort()).toEqual([`group:${g.id}:live`, `user:${b.id}:live`].sort());

    const w3 = await currentSeq();
    await deleteUser(actor, a.id); // a is still a member of g: the group changes too
    const afterDelete = await drain(w3);
    expect(afterDelete.map(key).sort()).toEqual([`group:${g.id}:live`, `user:${a.id}:deleted`].sort());
    expect(afterDelete.find((c) => c.deleted)?.identity).toBe(a.userPrincipalName);

    const w4 = await currentSeq();
    await addMembers(actor, g.id, [b.id]);
    await deleteGroup(actor, g.id); // b was a member: b changes too
    const afterGroupDelete = await drain(w4);
    expect(afterGroupDelete.map(key).sort()).toEqual([`group:${g.id}:deleted`, `user:${b.id}:live`].sort());
  });

  it("writes nothing to the feed when an update changes nothing", async () => {
    const u = await createUser(actor, { userPrincipalName: upn("same"), displayName: "Same" });
    const w = await currentSeq();
    await updateUser(actor, u.id, { displayName: "Same" });
    await setUsersEnabled(actor, [u.id], true);
    await addMembers(actor, (await createGroup(actor, { displayName: `g ${randomUUID()}` })).id, []);
    expect((await drain(w)).filter((c) => c.id === u.id)).toEqual([]);
  });

  it("replaceMembers feeds only the difference", async () => {
    const [x, y, z] = await Promise.all([createUser(actor, { userPrincipalName: upn("x") }), createUser(actor, { userPrincipalName: upn("y") }), createUser(actor, { userPrincipalName: upn("z") })]);
    const g = await createGroup(actor, { displayName: `Replace ${randomUUID()}` });
    await addMembers(actor, g.id, [x.id, y.id]);
    const w = await currentSeq();
    const r = await replaceMembers(actor, g.id, [y.id, z.id]);
    expect(r.added).toEqual([z.id]);
    expect(r.removed).toEqual([x.id]);
    expect((await drain(w)).map(key).sort()).toEqual([`group:${g.id}:live`, `user:${x.id}:live`, `user:${z.id}:live`].sort());
  });

  it("loses no change under 20 concurrent writers, and a reader never sees a gap fill in later", async () => {
    const seed = await Promise.all(Array.from({ length: 10 }, (_, i) => createUser(actor, { userPrincipalName: upn(`c${i}`) })));
    const g = await createGroup(actor, { displayName: `Concurrent ${randomUUID()}` });
    const w = await currentSeq();
    // A reader polling while writers run: everything it sees below its watermark must stay complete.
    const seen = new Map<string, bigint>();
    let readerAt = w;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        const { changes, nextSeq } = await readChanges(readerAt, 1000);
        for (const c of changes) seen.set(key(c), c.seq);
        readerAt = nextSeq;
      }
    })();
    const writers = Array.from({ length: 20 }, (_, i) => {
      const u = seed[i % seed.length]!;
      if (i % 4 === 0) return addMembers(actor, g.id, [u.id]);
      if (i % 4 === 1) return createUser(actor, { userPrincipalName: upn(`n${i}`) });
      return updateUser(actor, u.id, { jobTitle: `Title ${i}` });
    });
    const results = await Promise.all(writers);
    stop = true;
    await reader;
    const created = results.filter((r): r is Awaited<ReturnType<typeof createUser>> => !!r && "userPrincipalName" in r && (r as { jobTitle: string | null }).jobTitle === null);
    const final = await drain(w, 1000);
    const finalKeys = new Set(final.map(key));
    // every object written is in the feed exactly once
    for (const u of seed) expect(finalKeys.has(`user:${u.id}:live`)).toBe(true);
    for (const c of created) expect(finalKeys.has(`user:${c.id}:live`)).toBe(true);
    expect(finalKeys.has(`group:${g.id}:live`)).toBe(true);
    expect(final.length).toBe(finalKeys.size);
    // the polling reader, continued from where it stopped, ends with the same set (nothing skipped behind its watermark)
    for (const c of await drain(readerAt, 1000)) seen.set(key(c), c.seq);
    for (const k of finalKeys) expect(seen.has(k)).toBe(true);
  });

  it("a writer that starts after another reserved its seq commits after it: a reader polling in between misses nothing (forced on Postgres)", async () => {
    const [a, b] = await Promise.all([createUser(actor, { userPrincipalName: upn("held") }), createUser(actor, { userPrincipalName: upn("after") })]);
    const w = await currentSeq();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reserved!: () => void;
    const hasSeq = new Promise<void>((r) => (reserved = r));
    // Writer A: a directory write that has taken its seq and is held open before COMMIT.
    const writerA = directoryTx(async (tx) => {
      await tx.directoryUser.update({ where: { id: a.id }, data: { jobTitle: "Held" } });
      await recordChanges(tx, { users: [a.id] });
      reserved();
      await gate;
    });
    const probe = await openSession();
    try {
      await hasSeq;
      // Writer B starts now. It must not get ahead of A: it either waits for A's commit or takes a later seq.
      const writerB = updateUser(actor, b.id, { jobTitle: "After" });
      await waitForLockWaiters(probe, 1, { orDone: writerB });
      // A reader polls while A is open, then continues from the watermark it reached.
      const first = await readChanges(w, 1000);
      release();
      await writerA;
      await writerB;
      const seen = new Set([...first.changes, ...(await drain(first.nextSeq, 1000))].map((c) => c.id));
      expect(seen.has(b.id)).toBe(true);
      expect(seen.has(a.id)).toBe(true);
    } finally {
      release();
      await probe.end();
    }
  });

  it("pages by seq without splitting or repeating (bulk changes get distinct seqs)", async () => {
    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => createUser(actor, { userPrincipalName: upn(`p${i}`) })));
    const w = await currentSeq();
    await setUsersEnabled(actor, users.map((u) => u.id), false);
    const changes = await drain(w, 5);
    expect(changes.map((c) => c.id).sort()).toEqual(users.map((u) => u.id).sort());
  });
});
