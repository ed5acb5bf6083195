// An administrator's portal language (issue 18): stored per admin, set from the top bar's
// language menu (PATCH /api/v1/me). null = follow the browser.
import { db } from "../db";
import { isLocale, type Locale } from "../i18n/locales";

export async function adminLocale(adminId: string): Promise<Locale | null> {
  const a = await db.admin.findUnique({ where: { id: adminId }, select: { locale: true } });
  return isLocale(a?.locale) ? a.locale : null;
}

export async function setAdminLocale(adminId: string, locale: Locale | null): Promise<void> {
  await db.admin.update({ where: { id: adminId }, data: { locale } });
}
