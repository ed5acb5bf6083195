// Reads targets over their SCIM API (pages of 1,000, as any client of the target sees them) and
// checks each against the directory with verify-target.ts. Throws, so the benchmark exits
// non-zero, unless every target is exact.
import { verifyTarget, type TargetContents } from "./verify-target";

async function listAll(baseUrl: string, token: string, type: "Users" | "Groups"): Promise<TargetContents["users"]> {
  const out: TargetContents["users"] = [];
  for (let start = 1; ;) {
    const res = await fetch(`${baseUrl}/${type}?startIndex=${start}&count=1000`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${baseUrl}/${type} answered ${res.status}`);
    const page = (await res.json()) as { Resources?: TargetContents["users"]; totalResults: number };
    const got = page.Resources ?? [];
    out.push(...got);
    start += got.length;
    if (!got.length || start > page.totalResults) return out;
  }
}

export const readTarget = async (baseUrl: string, token: string): Promise<TargetContents> => ({
  users: await listAll(baseUrl, token, "Users"),
  groups: await listAll(baseUrl, token, "Groups"),
});

/** Each app's target against the directory; totals of what was checked. */
export async function assertTargetsExact(apps: { appId: string; baseUrl: string }[], token: string): Promise<{ users: number; groups: number; memberships: number }> {
  let users = 0, groups = 0, memberships = 0;
  for (const a of apps) {
    const v = await verifyTarget(a.appId, await readTarget(a.baseUrl, token));
    if (!v.ok) throw new Error(`the target ${a.baseUrl} does not match the directory:\n  ${v.problems.join("\n  ")}`);
    users += v.users;
    groups += v.groups;
    memberships += v.memberships;
  }
  return { users, groups, memberships };
}
