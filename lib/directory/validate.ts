// Data functions validate their own input (SCIM and scripts call them without
// the route wrapper): a zod failure becomes the same 400 envelope the routes give.
import type { z } from "zod";
import { AppError, type ErrorDetail } from "../errors";

export function zodDetails(err: z.ZodError): ErrorDetail[] {
  return err.issues.map((i) => {
    const path = i.path.map(String).join(".");
    if (i.code === "unrecognized_keys") return { path, message: `Unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}` };
    return { path, message: i.message };
  });
}

export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = zodDetails(r.error);
  const first = details[0];
  throw new AppError("validation_failed", first ? `${first.path ? `${first.path}: ` : ""}${first.message}` : "Invalid input", details);
}
