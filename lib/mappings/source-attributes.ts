// Source attribute names a mapping may use: lib/mapping's catalogue plus the
// custom extension attribute keys present in the directory (toSourceObject
// copies those by name), so a typo is caught while real custom keys still work.
import { db } from "../db";
import { sourceAttributesFor, type SourceAttribute } from "../mapping";

// Bounded: a tenant with thousands of distinct custom keys is a data problem, not a picker.
const MAX_CUSTOM_KEYS = 500;

export async function customUserAttributeNames(): Promise<string[]> {
  const rows = await db.$queryRaw<{ k: string }[]>`
    SELECT DISTINCT k FROM directory_user, jsonb_object_keys("extensionAttributes") AS k
    WHERE jsonb_typeof("extensionAttributes") = 'object' ORDER BY k LIMIT ${MAX_CUSTOM_KEYS}`;
  // Numeric keys "1".."15" are extensionAttribute1..15, already in the catalogue.
  return rows.map((r) => r.k).filter((k) => !/^\d+$/.test(k));
}

export async function sourceAttributeCatalogue(kind: "user" | "group"): Promise<SourceAttribute[]> {
  const base = [...sourceAttributesFor(kind)];
  if (kind === "group") return base;
  const seen = new Set(base.map((a) => a.name.toLowerCase()));
  for (const name of await customUserAttributeNames()) {
    if (!seen.has(name.toLowerCase())) base.push({ name, type: "string", description: "Custom extension attribute (from the directory)" });
  }
  return base;
}

export async function knownSourceAttributes(kind: "user" | "group"): Promise<string[]> {
  return (await sourceAttributeCatalogue(kind)).map((a) => a.name);
}
