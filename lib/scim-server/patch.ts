// RFC 7644 §3.5.2 PATCH applied to a SCIM JSON resource. The caller turns the
// resource back into directory fields and writes only what changed, so one
// PATCH is one validated write (nothing half-applied when an operation fails).
// Op names are case-insensitive ("Replace", "Add": Entra) and attribute names
// are case-insensitive, as RFC 7643 §2.1 says.
import { invalidPath, invalidSyntax, invalidValue, mutability, noTarget } from "./errors";
import { containerFor, evaluateFilter, getKeyCI, parsePatchPath, type EvalOptions, type Filter, type Json, type PatchPath } from "./filter";
import { MAX_OPERATIONS, PATCH_SCHEMA } from "./schemas";

export type PatchOp = { op: "add" | "replace" | "remove"; path?: string; value?: unknown };

/** Validates the PatchOp envelope and normalises op names. */
export function readPatchBody(body: unknown): PatchOp[] {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw invalidSyntax("The PATCH body must be a PatchOp object.");
  const b = body as Json;
  const schemas = b[getKeyCI(b, "schemas") ?? "schemas"];
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === PATCH_SCHEMA.toLowerCase())) {
    throw invalidSyntax(`The PATCH body must list "${PATCH_SCHEMA}" in schemas.`);
  }
  const ops = b[getKeyCI(b, "Operations") ?? "Operations"];
  if (!Array.isArray(ops) || ops.length === 0) throw invalidSyntax("Operations must be a non-empty array.");
  if (ops.length > MAX_OPERATIONS) throw invalidSyntax(`At most ${MAX_OPERATIONS} operations per request.`);
  return ops.map((raw, i) => {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw invalidSyntax(`Operations[${i}] must be an object.`);
    const o = raw as Json;
    const opName = o[getKeyCI(o, "op") ?? "op"];
    const op = typeof opName === "string" ? opName.toLowerCase() : "";
    if (op !== "add" && op !== "replace" && op !== "remove") throw invalidSyntax(`Operations[${i}].op must be add, replace or remove (found ${JSON.stringify(opName ?? null)}).`);
    const path = o[getKeyCI(o, "path") ?? "path"];
    if (path !== undefined && path !== null && typeof path !== "string") throw invalidSyntax(`Operations[${i}].path must be a string.`);
    const vk = getKeyCI(o, "value");
    return { op, ...(typeof path === "string" && path.trim() !== "" ? { path } : {}), ...(vk ? { value: o[vk] } : {}) };
  });
}

export type ApplyOptions = EvalOptions & {
  /** extension schema URNs the resource may carry (path-less values may use them as keys) */
  extensionSchemas: string[];
  /** attributes a client may not change (lower-case names): id, meta… */
  readOnly: Set<string>;
};

const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

function setCI(obj: Json, key: string, value: unknown) {
  const k = getKeyCI(obj, key) ?? key;
  obj[k] = value;
}
function deleteCI(obj: Json, key: string) {
  const k = getKeyCI(obj, key);
  if (k) delete obj[k];
}

function mergeInto(target: Json, value: Json) {
  for (const [k, v] of Object.entries(value)) setCI(target, k, v);
}

/** The attribute/value pairs a `type eq "work"`-style filter implies, so add/replace can create the element it names. */
function impliedValues(f: Filter): Json | null {
  if (f.op === "eq" && !f.path.sub && !f.path.schema) return { [f.path.attr]: f.value };
  if (f.op === "and") {
    const l = impliedValues(f.left), r = impliedValues(f.right);
    return l && r ? { ...l, ...r } : null;
  }
  return null;
}

function applyOne(resource: Json, op: PatchOp["op"], path: PatchPath, value: unknown, opts: ApplyOptions, rawPath: string) {
  if (!path.schema || path.schema.toLowerCase() === opts.coreSchema?.toLowerCase()) {
    if (opts.readOnly.has(path.attr.toLowerCase())) throw mutability(`The attribute "${path.attr}" is read-only.`);
  } else if (!opts.extensionSchemas.some((s) => s.toLowerCase() === path.schema!.toLowerCase())) {
    throw invalidValue(`Unknown schema "${path.schema}" in path ${JSON.stringify(rawPath)}.`);
  }
  let container = containerFor(resource, path.schema, opts.coreSchema);
  if (!container) {
    if (op === "remove") return;
    container = {};
    resource[path.schema!] = container;
  }
  const key = getKeyCI(container, path.attr) ?? path.attr;
  const current = container[key];

  if (path.filter) {
    const filter = path.filter;
    const list = Array.isArray(current) ? (current as unknown[]) : current === undefined || current === null ? [] : null;
    if (!list) throw invalidPath(`${JSON.stringify(rawPath)}: "${path.attr}" is not multi-valued.`);
    const inner: EvalOptions = { caseExact: (n) => opts.caseExact?.(`${path.attr.toLowerCase()}.${n}`) ?? false };
    const matches = (item: unknown) => isObj(item) && evaluateFilter(filter, item, inner);
    const hits = list.filter(matches);
    if (op === "remove") {
      // removing what is not there is a no-op: clients retry removals
      if (path.sub) for (const h of hits) deleteCI(h as Json, path.sub);
      else container[key] = list.filter((x) => !matches(x));
      return;
    }
    if (hits.length === 0) {
      // Entra replaces emails[type eq "work"].value on users that have no work email yet: create the element
      const implied = impliedValues(filter);
      if (!implied) throw noTarget(`${JSON.stringify(rawPath)} matches no value.`);
      const item: Json = { ...implied };
      if (path.sub) item[path.sub] = value;
      else if (isObj(value)) mergeInto(item, value);
      else throw invalidValue(`${JSON.stringify(rawPath)}: the value must be an object.`);
      container[key] = [...list, item];
      return;
    }
    if (!path.sub && !isObj(value)) throw invalidValue(`${JSON.stringify(rawPath)}: the value must be an object.`);
    container[key] = list.map((item) => {
      if (!matches(item)) return item;
      const h = item as Json;
      if (path.sub) { setCI(h, path.sub, value); return h; }
      // replace swaps each matching value whole; add merges into it
      if (op === "replace") return { ...(value as Json) };
      mergeInto(h, value as Json);
      return h;
    });
    return;
  }

  if (path.sub) {
    if (op === "remove") {
      if (Array.isArray(current)) for (const it of current) if (isObj(it)) deleteCI(it, path.sub);
      if (isObj(current)) deleteCI(current, path.sub);
      return;
    }
    if (Array.isArray(current)) { for (const it of current) if (isObj(it)) setCI(it, path.sub, value); return; }
    const obj = isObj(current) ? current : {};
    setCI(obj, path.sub, value);
    container[key] = obj;
    return;
  }

  if (op === "remove") {
    if (value !== undefined && Array.isArray(current) && Array.isArray(value)) {
      // remove listed values (Entra: {"op":"Remove","path":"members","value":[{"value":"id"}]})
      const drop = new Set(value.map((v) => (isObj(v) ? String(v[getKeyCI(v, "value") ?? "value"]) : String(v))));
      container[key] = current.filter((x) => !drop.has(isObj(x) ? String(x[getKeyCI(x, "value") ?? "value"]) : String(x)));
      return;
    }
    delete container[key];
    return;
  }
  if (op === "add" && Array.isArray(current)) {
    const add = Array.isArray(value) ? value : [value];
    const seen = new Set(current.map((x) => JSON.stringify(x)));
    container[key] = [...current, ...add.filter((x) => !seen.has(JSON.stringify(x)))];
    return;
  }
  // complex single-valued: sub-attributes not named in the value stay (RFC 7644 §3.5.2.1/§3.5.2.3)
  if (isObj(current) && isObj(value)) { mergeInto(current, value); return; }
  container[key] = value;
}

/** Applies the operations to a copy of `resource` and returns it. */
export function applyPatch(resource: Json, ops: PatchOp[], opts: ApplyOptions): Json {
  const out = structuredClone(resource);
  for (const o of ops) {
    if (o.path) {
      if (o.op !== "remove" && o.value === undefined) throw invalidValue(`"${o.op}" of ${JSON.stringify(o.path)} needs a value.`);
      applyOne(out, o.op, parsePatchPath(o.path), o.value, opts, o.path);
      continue;
    }
    if (o.op === "remove") throw noTarget("A remove operation needs a path.");
    if (!isObj(o.value)) throw invalidValue(`A path-less "${o.op}" needs an object value.`);
    // each key is itself a path: "userName", "name.givenName", "urn:…:enterprise:2.0:User:department" or a whole extension object
    for (const [k, v] of Object.entries(o.value)) {
      const schema = opts.extensionSchemas.find((s) => s.toLowerCase() === k.toLowerCase());
      if (schema) {
        if (!isObj(v)) throw invalidValue(`The value of "${k}" must be an object.`);
        for (const [sk, sv] of Object.entries(v)) applyOne(out, o.op, { schema, attr: sk }, sv, opts, `${k}:${sk}`);
        continue;
      }
      if (k.toLowerCase() === "schemas") continue;
      applyOne(out, o.op, parsePatchPath(k), v, opts, k);
    }
  }
  return out;
}
