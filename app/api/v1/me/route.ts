// GET /api/v1/me – the calling administrator; PATCH – their own preferences (the portal language)
import { handle, methods } from "@/lib/api/route";
import { meRoute, updateMeRoute } from "@/lib/api/specs-core";
import { adminLocale, setAdminLocale } from "@/lib/admins/locale";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handle(meRoute, async ({ actor }) => ({ id: actor!.id, email: actor!.email, name: actor!.name, role: actor!.role, locale: await adminLocale(actor!.id) })),
  PATCH: handle(updateMeRoute, async ({ actor, body }) => {
    await setAdminLocale(actor!.id, body.locale);
    return { id: actor!.id, email: actor!.email, name: actor!.name, role: actor!.role, locale: body.locale };
  }),
});
