// fast-check arbitraries of hostile request bodies, produced as JSON *text* so that
// literals JSON.stringify cannot write (1e309, -0, 5,000-level nesting) reach the server.
import fc from "fast-check";

export const HUGE = "x".repeat(100_000);
const DEPTH = 5_000;
export const DEEP_ARRAY = "[".repeat(DEPTH) + "]".repeat(DEPTH);
export const DEEP_OBJECT = '{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH);

/** Strings that break naive code: NUL, lone surrogates, RTL override, BOM, emoji ZWJ sequences, 100 KB, injection-looking text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    HUGE,
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udfffy",
    "\u202egnp.exe",
    "\ufeff",
    "\uffff\ufffe",
    "👩‍👩‍👧‍👦🏳️‍🌈",
    "  ",
    "",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "${{7*7}}",
    "../../../../etc/passwd",
    "__proto__",
    "constructor",
    "1e309",
    "-0",
    "NaN",
    "Infinity",
    "null",
    "true",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
);

/** Number literals as JSON text, including ones JSON.parse turns into Infinity or -0. */
const hostileNumberText = fc.constantFrom("1e309", "-1e309", "-0", "0", "-1", "1.5", "123456789012345678901234567890", "9007199254740993", "1e-400");

/** A leaf value of any JSON type, as text. */
export const leafText: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((s) => JSON.stringify(s)),
  hostileNumberText,
  fc.constantFrom("null", "true", "false", "[]", "{}", '[""]', '[{}]', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"polluted":1}}}'),
);

const PROTO_KEYS = ["__proto__", "constructor", "prototype"] as const;

/** Nested values (arrays where objects are expected and vice versa), as text. */
export const valueText: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafText,
    fc.array(tie("v"), { maxLength: 3 }).map((xs) => `[${xs.join(",")}]`),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })), tie("v")), { maxLength: 3 }).map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
  ),
})).v;

const objectText = (entries: Array<[string, string]>) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`;

/**
 * Bodies no endpoint may accept: the top level is not an object, or nests 5,000 levels, or
 * (beside hostile values for the schema's own keys) carries a prototype-pollution key.
 */
export function invalidBody(knownKeys: string[]): fc.Arbitrary<string> {
  const known = knownKeys.length ? fc.constantFrom(...knownKeys) : fc.constant("a");
  return fc.oneof(
    leafText.filter((t) => !t.startsWith("{")),
    fc.array(valueText, { maxLength: 3 }).map((xs) => `[${xs.join(",")}]`),
    fc.constantFrom(DEEP_ARRAY, DEEP_OBJECT),
    known.map((k) => objectText([[k, DEEP_OBJECT]])),
    fc
      .tuple(fc.constantFrom(...PROTO_KEYS), valueText, fc.array(fc.tuple(known, valueText), { maxLength: 4 }))
      .map(([bad, badValue, rest]) => objectText([...rest, [bad, badValue]])),
  );
}

/** Objects with only the schema's keys and hostile values: may be valid, must never be a 5xx. */
export function shapedBody(knownKeys: string[]): fc.Arbitrary<string> {
  if (!knownKeys.length) return fc.constant("{}");
  return fc
    .array(fc.tuple(fc.constantFrom(...knownKeys), fc.oneof(leafText, valueText)), { minLength: 1, maxLength: 5 })
    .map((entries) => objectText(entries));
}

/** Property names of a JSON schema (its own, or those of anyOf/oneOf/allOf members). */
export function schemaKeys(schema: Record<string, unknown> | null): string[] {
  if (!schema) return [];
  const keys = new Set<string>(Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {}));
  for (const k of ["anyOf", "oneOf", "allOf"]) {
    for (const member of (schema[k] as Array<Record<string, unknown>> | undefined) ?? []) for (const key of schemaKeys(member)) keys.add(key);
  }
  return [...keys];
}
