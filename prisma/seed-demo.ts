// `npm run seed:demo -- --users N --groups M [--seed S] [--domain contoso.example]`
// `--if-empty`: seed a small demo directory (60 users, 8 groups) only when the
// directory has no users and no groups (`npm start` runs this on every start).
//
// Realistic data from @faker-js/faker with a fixed seed (same directory every
// run): names, departments, job titles, a management tree, groups of varied
// sizes. Bulk inserts over unnest() in one transaction, then one change-feed
// reservation stamps every new user and group, so a sync that already ran sees
// the whole seed as changes. Talks to Postgres with `pg` and needs only
// DATABASE_URL (like the other CLI scripts), not the web app's secrets.
import { faker } from "@faker-js/faker";
import { randomUUID } from "node:crypto";
import pg from "pg";

type Args = { users: number; groups: number; ifEmpty: boolean; seed: number; domain: string };

function parseArgs(argv: string[]): Args {
  const a: Args = { users: 1000, groups: 50, ifEmpty: false, seed: 20240917, domain: "contoso.example" };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    const num = () => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${k} needs a whole number, got "${v ?? ""}"`);
      i++;
      return n;
    };
    if (k === "--users") a.users = num();
    else if (k === "--groups") a.groups = num();
    else if (k === "--seed") a.seed = num();
    else if (k === "--domain") { a.domain = v ?? a.domain; i++; }
    else if (k === "--if-empty") a.ifEmpty = true;
    else if (k === "--help" || k === "-h") {
      console.log("Usage: npm run seed:demo -- --users N --groups M [--seed S] [--domain D] [--if-empty]");
      process.exit(0);
    } else throw new Error(`Unknown option ${k}. Try --help.`);
  }
  if (a.ifEmpty && !argv.includes("--users")) a.users = 60;
  if (a.ifEmpty && !argv.includes("--groups")) a.groups = 8;
  return a;
}

const DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Human Resources", "Customer Success", "Operations", "Legal", "Product", "IT", "Research", "Facilities"];
const TITLES: Record<string, string[]> = {
  Engineering: ["Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager", "QA Engineer", "Site Reliability Engineer"],
  Sales: ["Account Executive", "Sales Development Representative", "Regional Sales Manager", "Sales Engineer"],
  Marketing: ["Marketing Specialist", "Content Strategist", "Product Marketing Manager", "Brand Designer"],
  Finance: ["Financial Analyst", "Accountant", "Controller", "Payroll Specialist"],
  "Human Resources": ["HR Business Partner", "Recruiter", "People Operations Specialist"],
  "Customer Success": ["Customer Success Manager", "Support Engineer", "Onboarding Specialist"],
  Operations: ["Operations Analyst", "Program Manager", "Procurement Specialist"],
  Legal: ["Counsel", "Paralegal", "Compliance Officer"],
  Product: ["Product Manager", "Senior Product Manager", "UX Researcher", "Product Designer"],
  IT: ["IT Administrator", "Service Desk Analyst", "Identity Engineer", "Security Analyst"],
  Research: ["Research Scientist", "Data Scientist", "Research Engineer"],
  Facilities: ["Facilities Coordinator", "Office Manager"],
};

type SeedUser = { id: string; upn: string; given: string; surname: string; display: string; mail: string; nick: string; title: string; dept: string; emp: string; enabled: boolean; manager: string | null; ext: string };

export function generateUsers(n: number, domain: string, seed: number): SeedUser[] {
  faker.seed(seed);
  const taken = new Map<string, number>();
  const users: SeedUser[] = [];
  for (let i = 0; i < n; i++) {
    const given = faker.person.firstName();
    const surname = faker.person.lastName();
    const base = `${given}.${surname}`.toLowerCase().normalize("NFD").replace(/[^a-z0-9.]/g, "");
    const count = (taken.get(base) ?? 0) + 1;
    taken.set(base, count);
    const nick = count === 1 ? base : `${base}${count}`;
    // The first dozen users head one department each; the rest report into a tree (fan-out 8) within the org.
    const dept = i < DEPARTMENTS.length ? DEPARTMENTS[i]! : faker.helpers.arrayElement(DEPARTMENTS);
    const titles = TITLES[dept] ?? ["Specialist"];
    const title = i < DEPARTMENTS.length ? `Head of ${dept}` : faker.helpers.arrayElement(titles);
    const manager = i === 0 ? null : users[Math.floor((i - 1) / 8)]!.id;
    users.push({
      id: randomUUID(), upn: `${nick}@${domain}`, given, surname, display: `${given} ${surname}`, mail: `${nick}@${domain}`, nick, title, dept,
      emp: String(100000 + i), enabled: faker.number.int({ min: 1, max: 100 }) > 3, manager,
      ext: JSON.stringify({ extensionAttribute1: faker.location.city(), extensionAttribute2: `CC-${faker.number.int({ min: 1000, max: 9999 })}` }),
    });
  }
  return users;
}

async function insertUsers(c: pg.PoolClient, users: SeedUser[], firstSeq: bigint) {
  for (let i = 0; i < users.length; i += 5000) {
    const b = users.slice(i, i + 5000);
    await c.query(
      `INSERT INTO directory_user (id, "userPrincipalName", "upnKey", "givenName", surname, "displayName", mail, "mailNickname", "jobTitle", department,
                                   "employeeId", "accountEnabled", "managerId", "extensionAttributes", "changeSeq", "createdAt", "updatedAt")
       SELECT t.id, t.upn, lower(t.upn), t.gn, t.sn, t.dn, t.mail, t.nick, t.title, t.dept, t.emp, t.enabled, t.mgr, t.ext, $14::bigint + t.ord - 1, now(), now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[], $12::text[], $13::jsonb[])
           WITH ORDINALITY AS t(id, upn, gn, sn, dn, mail, nick, title, dept, emp, enabled, mgr, ext, ord)`,
      [b.map((u) => u.id), b.map((u) => u.upn), b.map((u) => u.given), b.map((u) => u.surname), b.map((u) => u.display), b.map((u) => u.mail), b.map((u) => u.nick),
        b.map((u) => u.title), b.map((u) => u.dept), b.map((u) => u.emp), b.map((u) => u.enabled), b.map((u) => u.manager), b.map((u) => u.ext), (firstSeq + BigInt(i)).toString()],
    );
  }
}

type SeedGroup = { id: string; name: string; nick: string; description: string; members: string[] };

function generateGroups(m: number, users: SeedUser[]): SeedGroup[] {
  const groups: SeedGroup[] = [];
  const byDept = new Map<string, string[]>();
  for (const u of users) {
    const list = byDept.get(u.dept);
    if (list) list.push(u.id);
    else byDept.set(u.dept, [u.id]);
  }
  // Department groups first (sizes follow the departments), then "All employees", then teams of varied
  // size: a long tail (size ~ N/k), like real tenants where a few groups are huge and most are small.
  for (const d of DEPARTMENTS) {
    if (groups.length >= m) break;
    groups.push({ id: randomUUID(), name: `${d}`, nick: d.toLowerCase().replace(/[^a-z]/g, ""), description: `Everyone in ${d}`, members: byDept.get(d) ?? [] });
  }
  if (groups.length < m) groups.push({ id: randomUUID(), name: "All employees", nick: "allemployees", description: "Every enabled employee", members: users.filter((u) => u.enabled).map((u) => u.id) });
  const usedNames = new Set(groups.map((g) => g.name));
  for (let k = 1; groups.length < m; k++) {
    let name = `${faker.company.buzzAdjective()} ${faker.company.buzzNoun()}`.replace(/\b\w/g, (c) => c.toUpperCase());
    if (usedNames.has(name)) name = `${name} ${k}`;
    usedNames.add(name);
    const size = Math.min(users.length, Math.max(2, Math.floor((users.length * 0.2) / k) + faker.number.int({ min: 0, max: 5 })));
    // Distinct random members without shuffling the whole directory per group.
    const picked = new Set<number>();
    while (picked.size < size) picked.add(faker.number.int({ min: 0, max: users.length - 1 }));
    const members = [...picked].map((i) => users[i]!.id);
    groups.push({ id: randomUUID(), name, nick: name.toLowerCase().replace(/[^a-z0-9]/g, ""), description: faker.company.catchPhrase(), members });
  }
  return groups;
}

async function insertGroups(c: pg.PoolClient, groups: SeedGroup[], firstSeq: bigint): Promise<number> {
  await c.query(
    `INSERT INTO directory_group (id, "displayName", "mailNickname", description, "changeSeq", "createdAt", "updatedAt")
     SELECT t.id, t.name, t.nick, t.descr, $5::bigint + t.ord - 1, now(), now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(id, name, nick, descr, ord)`,
    [groups.map((g) => g.id), groups.map((g) => g.name), groups.map((g) => g.nick), groups.map((g) => g.description), firstSeq.toString()],
  );
  let total = 0;
  let gs: string[] = [];
  let us: string[] = [];
  const flush = async () => {
    if (!gs.length) return;
    await c.query(`INSERT INTO group_member ("groupId", "userId", "createdAt") SELECT g, u, now() FROM unnest($1::text[], $2::text[]) AS t(g, u) ON CONFLICT DO NOTHING`, [gs, us]);
    total += gs.length;
    gs = [];
    us = [];
  };
  for (const g of groups) {
    for (const u of g.members) {
      gs.push(g.id);
      us.push(u);
      if (gs.length >= 20000) await flush();
    }
  }
  await flush();
  return total;
}

/**
 * Reserves one change-feed seq per new object before inserting, so rows are written once with their seq.
 * The counter row stays locked until COMMIT (the seed is a single transaction), so feed order is still
 * commit order, and users, groups and memberships become visible together.
 */
async function reserve(c: pg.PoolClient, n: number): Promise<bigint> {
  const { rows } = await c.query<{ value: string }>("UPDATE change_counter SET value = value + $1 WHERE id = 1 RETURNING value", [Math.max(1, n)]);
  return BigInt(rows[0]!.value) - BigInt(Math.max(1, n)) + 1n;
}

export async function seedDemo(pool: pg.Pool, a: Args): Promise<{ skipped: boolean; users: number; groups: number; memberships: number; ms: number }> {
  const t0 = performance.now();
  const c = await pool.connect();
  try {
    if (a.ifEmpty) {
      const { rows } = await c.query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM directory_user) OR EXISTS (SELECT 1 FROM directory_group) AS any");
      if (rows[0]?.any) return { skipped: true, users: 0, groups: 0, memberships: 0, ms: 0 };
    }
    const users = generateUsers(a.users, a.domain, a.seed);
    const groups = generateGroups(a.groups, users);
    await c.query("BEGIN");
    // Re-running the seed on a populated directory: skip users whose UPN already exists.
    const { rows: existing } = await c.query<{ upnKey: string }>(`SELECT "upnKey" FROM directory_user WHERE "upnKey" = ANY($1::text[])`, [users.map((u) => u.upn.toLowerCase())]);
    if (existing.length) throw new Error(`${existing.length} of the generated users already exist (e.g. ${existing[0]!.upnKey}). Use another --seed or --domain.`);
    const first = await reserve(c, users.length + groups.length);
    await insertUsers(c, users, first);
    const memberships = await insertGroups(c, groups, first + BigInt(users.length));
    await c.query(
      `INSERT INTO audit_log (at, "actorEmail", action, "targetType", "targetName", after) VALUES (now(), 'system', 'directory.seed_demo', 'directory', $1, $2)`,
      [`${users.length} users, ${groups.length} groups`, JSON.stringify({ users: users.length, groups: groups.length, memberships, seed: a.seed, domain: a.domain })],
    );
    await c.query("COMMIT");
    return { skipped: false, users: users.length, groups: groups.length, memberships, ms: performance.now() - t0 };
  } catch (e) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  // CLI script: like lib/cli/*.mjs it reads DATABASE_URL itself, so it runs without the web app's secrets.
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set. Point it at the Provisio database (e.g. postgresql://postgres@127.0.0.1:5432/provisio).");
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const r = await seedDemo(pool, a);
    if (r.skipped) console.log("demo data: the directory already has users or groups; nothing seeded.");
    else console.log(`demo data: ${r.users.toLocaleString("en-US")} users, ${r.groups.toLocaleString("en-US")} groups, ${r.memberships.toLocaleString("en-US")} memberships in ${(r.ms / 1000).toFixed(1)} s`);
  } finally {
    await pool.end();
  }
}

if (process.argv[1] && /seed-demo\.ts$/.test(process.argv[1])) {
  main().catch((e: unknown) => {
    console.error(`seed:demo failed: ${(e as Error).message}`);
    process.exit(1);
  });
}
