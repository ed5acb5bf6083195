// GET|DELETE /api/v1/sign-in-lockouts – see and clear sign-in lockouts (global admins only)
import { handle, methods } from "@/lib/api/route";
import { clearLockout, listLockouts } from "@/lib/auth/lockout";
import { clearLockoutRoute, listLockoutsRoute } from "@/lib/auth/specs";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(listLockoutsRoute, async () => ({ items: await listLockouts(), nextCursor: null })),
  DELETE: handle(clearLockoutRoute, async ({ actor, query, ip }) => {
    await clearLockout(actor!, query, ip);
  }),
});
