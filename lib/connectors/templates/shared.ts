import { z } from "zod";

export const httpUrl = z
  .string()
  .trim()
  .min(1, "Required")
  .regex(/^https?:\/\/[^\s]+$/i, "Must be an http:// or https:// URL");

export const optionalHttpUrl = z.preprocess((v) => (v === "" ? undefined : v), httpUrl.optional());
export const required = z.string().trim().min(1, "Required");
export const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().optional());
export const secretRequired = z.string().min(1, "Required");
