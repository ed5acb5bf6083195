// Reading SCIM input values with errors that name the SCIM attribute.
import { invalidValue } from "./errors";
import { getKeyCI, type Json } from "./filter";

export const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

/** The value of `key` (case-insensitive), undefined when absent. */
export const field = (obj: Json | undefined, key: string): unknown => {
  if (!obj) return undefined;
  const k = getKeyCI(obj, key);
  return k === undefined ? undefined : obj[k];
};

/** A string attribute: absent → undefined, null/"" → null; numbers are accepted as their text. */
export function str(v: unknown, name: string): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === "") return null;
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  throw invalidValue(`${name} must be a string.`);
}

/** A boolean attribute; Entra sends "True"/"False" strings for active. */
export function bool(v: unknown, name: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === "true";
  throw invalidValue(`${name} must be true or false.`);
}

export function obj(v: unknown, name: string): Json | undefined {
  if (v === undefined || v === null) return undefined;
  if (isObj(v)) return v;
  throw invalidValue(`${name} must be an object.`);
}

export function arr(v: unknown, name: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v;
  throw invalidValue(`${name} must be an array.`);
}
