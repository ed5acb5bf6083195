// ?attributes= / ?excludedAttributes= (RFC 7644 §3.4.2.5). id and schemas are
// returned always; names are case-insensitive and may be fully qualified.
import { invalidValue } from "./errors";
import { getKeyCI, parseAttrPath, type AttrPath, type Json } from "./filter";

export type Projection = { attributes?: AttrPath[]; excluded?: AttrPath[] };

const ALWAYS = new Set(["id", "schemas"]);

function parseList(v: string | null, param: string): AttrPath[] | undefined {
  if (v === null || v.trim() === "") return undefined;
  return v.split(",").map((s) => s.trim()).filter(Boolean).map((s) => parseAttrPath(s, (m) => invalidValue(`${param}: ${m}.`)));
}

export function readProjection(params: URLSearchParams): Projection {
  return { attributes: parseList(params.get("attributes"), "attributes"), excluded: parseList(params.get("excludedAttributes"), "excludedAttributes") };
}

/** Whether the projection would drop this top-level attribute (lets callers skip loading members). */
export function wants(p: Projection, attr: string, coreSchema: string): boolean {
  const hit = (x: AttrPath) => x.attr.toLowerCase() === attr.toLowerCase() && (!x.schema || x.schema.toLowerCase() === coreSchema.toLowerCase());
  if (p.attributes) return p.attributes.some(hit);
  if (p.excluded) return !p.excluded.some((x) => hit(x) && !x.sub);
  return true;
}

function containerKey(resource: Json, path: AttrPath, coreSchema: string): string | null {
  if (!path.schema || path.schema.toLowerCase() === coreSchema.toLowerCase()) return null;
  return getKeyCI(resource, path.schema) ?? path.schema;
}

export function project(resource: Json, p: Projection, coreSchema: string): Json {
  if (p.attributes) {
    const out: Json = {};
    for (const k of Object.keys(resource)) if (ALWAYS.has(k)) out[k] = resource[k];
    for (const path of p.attributes) {
      // a bare extension URN asks for the whole extension
      const extKey = getKeyCI(resource, path.schema ? `${path.schema}:${path.attr}` : path.attr);
      if (extKey && extKey.startsWith("urn:")) { out[extKey] = resource[extKey]; continue; }
      const ck = containerKey(resource, path, coreSchema);
      const src = (ck ? resource[ck] : resource) as Json | undefined;
      if (!src || typeof src !== "object") continue;
      const k = getKeyCI(src, path.attr);
      if (!k) continue;
      const dst = ck ? ((out[ck] as Json | undefined) ?? (out[ck] = {}) as Json) : out;
      const val = src[k];
      if (!path.sub) { dst[k] = val; continue; }
      if (Array.isArray(val)) {
        dst[k] = val.map((it) => { const sk = it && typeof it === "object" ? getKeyCI(it as Json, path.sub!) : undefined; return sk ? { [sk]: (it as Json)[sk] } : {}; });
      } else if (val && typeof val === "object") {
        const sk = getKeyCI(val as Json, path.sub);
        if (sk) dst[k] = { ...((dst[k] as Json | undefined) ?? {}), [sk]: (val as Json)[sk] };
      }
    }
    return out;
  }
  if (p.excluded) {
    const out = structuredClone(resource);
    for (const path of p.excluded) {
      if (!path.schema && !path.sub && ALWAYS.has(path.attr.toLowerCase())) continue;
      const extKey = getKeyCI(out, path.schema ? `${path.schema}:${path.attr}` : path.attr);
      if (extKey && extKey.startsWith("urn:")) { delete out[extKey]; continue; }
      const ck = containerKey(out, path, coreSchema);
      const src = (ck ? out[ck] : out) as Json | undefined;
      if (!src || typeof src !== "object") continue;
      const k = getKeyCI(src, path.attr);
      if (!k) continue;
      if (!path.sub) { delete src[k]; continue; }
      const val = src[k];
      for (const it of Array.isArray(val) ? val : [val]) {
        if (it && typeof it === "object") { const sk = getKeyCI(it as Json, path.sub); if (sk) delete (it as Json)[sk]; }
      }
    }
    return out;
  }
  return resource;
}
