// Inbound SCIM filters run as Prisma queries on real Postgres: hostile filters are a 400, never a
// Prisma error (issue 14 item 9: `userName pr`, `not (userName pr)`, `displayName pr` were 500s).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestEnv, uniq } from "../test/env";

ensureTestEnv();
const { resetEnvCache } = await import("../env");
resetEnvCache();
const { db } = await import("../db");
const { parseFilter, parsePatchPath, MAX_FILTER_DEPTH } = await import("./filter");
const { userWhere, groupWhere } = await import("./query");
const { ScimError } = await import("./errors");

const tag = uniq("q");
const ids: string[] = [];
const gids: string[] = [];

const users = async (f: string) => (await db.directoryUser.findMany({ where: { AND: [userWhere(parseFilter(f)), { id: { in: ids } }] }, select: { userPrincipalName: true } })).map((u) => u.userPrincipalName).sort();
const groups = async (f: string) => (await db.directoryGroup.findMany({ where: { AND: [groupWhere(parseFilter(f)), { id: { in: gids } }] }, select: { displayName: true } })).map((g) => g.displayName).sort();

describe("[SECURITY][SCIM] filters on real Postgres", () => {
  const a = `a-${tag}@contoso.test`, b = `b-${tag}@contoso.test`;
  beforeAll(async () => {
    for (const [upn, displayName, mail] of [[a, "Alice", "alice@contoso.test"], [b, null, null]] as const) {
      const u = await db.directoryUser.create({ data: { userPrincipalName: upn, upnKey: upn.toLowerCase(), displayName, mail } });
      ids.push(u.id);
    }
    const g = await db.directoryGroup.create({ data: { displayName: `G ${tag}` } });
    gids.push(g.id);
  });
  afterAll(async () => {
    await db.directoryUser.deleteMany({ where: { id: { in: ids } } });
    await db.directoryGroup.deleteMany({ where: { id: { in: gids } } });
  });

  it("pr, not (… pr) and null comparisons on NOT NULL and nullable columns", async () => {
    expect(await users("userName pr")).toEqual([a, b]);
    expect(await users("not (userName pr)")).toEqual([]);
    expect(await users("displayName pr")).toEqual([a]);
    expect(await users("not (displayName pr)")).toEqual([b]);
    expect(await users("id pr")).toEqual([a, b]);
    expect(await users("emails pr")).toEqual([a]);
    expect(await users("emails.type eq \"work\"")).toEqual([a]);
    expect(await users("userName eq null")).toEqual([]);
    expect(await users("userName ne null")).toEqual([a, b]);
    expect(await users(`userName ne "${a}"`)).toEqual([b]);
    expect(await users("displayName eq null")).toEqual([b]);
    expect(await users("displayName ne null")).toEqual([a]);
    expect(await users("not (displayName eq null) and userName pr")).toEqual([a]);
    // An absent value equals nothing, so not (… eq/co/sw/gt "x") holds for it (it was dropped).
    expect(await users('not (displayName eq "Alice")')).toEqual([b]);
    expect(await users('not (displayName eq "nobody")')).toEqual([a, b]);
    expect(await users('not (displayName co "lic")')).toEqual([b]);
    expect(await users('not (displayName sw "A") and not (displayName gt "B")')).toEqual([b]);
    expect(await users('not (displayName ne "Alice")')).toEqual([a]);
    expect(await users('displayName eq "Alice" or not (displayName pr)')).toEqual([a, b]);
    expect(await groups("displayName pr")).toEqual([`G ${tag}`]);
    expect(await groups("not (displayName pr)")).toEqual([]);
    expect(await groups("displayName eq null")).toEqual([]);
    expect(await groups(`displayName ne "x"`)).toEqual([`G ${tag}`]);
    expect(await groups("externalId pr or id eq null")).toEqual([]);
  });

  it("unpaired surrogates and deep nesting are a 400 invalidFilter / invalidPath", () => {
    for (const f of ['userName eq "\\ud800"', 'userName eq "\\udc00x"', 'displayName co "a\\ud83d"']) {
      expect(() => parseFilter(f), f).toThrow(ScimError);
    }
    expect(parseFilter('displayName eq "\\ud83d\\ude00"')).toMatchObject({ value: "😀" });
    const deep = (n: number) => `${"(".repeat(n)}userName pr${")".repeat(n)}`;
    expect(() => parseFilter(deep(MAX_FILTER_DEPTH - 1))).not.toThrow();
    for (const f of [deep(MAX_FILTER_DEPTH + 1), deep(2000), `${"not (".repeat(800)}userName pr${")".repeat(800)}`]) {
      const e = (() => { try { parseFilter(f); } catch (err) { return err; } })();
      expect(e).toBeInstanceOf(ScimError);
      expect((e as InstanceType<typeof ScimError>).status).toBe(400);
    }
    for (const p of [`emails[${"(".repeat(3000)}type eq "work"${")".repeat(3000)}]`, `members[${"not (".repeat(1000)}value pr${")".repeat(1000)}]`]) {
      const e = (() => { try { parsePatchPath(p); } catch (err) { return err; } })();
      expect(e).toBeInstanceOf(ScimError);
      expect((e as InstanceType<typeof ScimError>).scimType).toBe("invalidPath");
      expect((e as Error).message.length).toBeLessThan(400);
    }
  });
});
