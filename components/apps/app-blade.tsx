// The resource blade of one app: "<name> | <section>", breadcrumbs and the app's menu.
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Blade } from "@/components/shell/blade";
import { BladeMenu } from "@/components/shell/blade-menu";

export type AppSection = "overview" | "properties" | "users-and-groups" | "provisioning";

const SECTIONS: Array<{ id: AppSection; path: string }> = [
  { id: "overview", path: "" },
  { id: "properties", path: "/properties" },
  { id: "users-and-groups", path: "/users-and-groups" },
  { id: "provisioning", path: "/provisioning" },
];

/** `page`: a page below a section (Provisioning → Edit provisioning): its own title, the section stays selected in the menu. */
export function AppBlade({ app, section, page, children }: { app: { id: string; displayName: string }; section: AppSection; page?: { label: string }; children: ReactNode }) {
  const t = useTranslations();
  const base = `/apps/${app.id}`;
  const current = SECTIONS.find((s) => s.id === section)!;
  const label = (id: AppSection) => t(`apps.blade.section.${id}`);
  const crumbs = section === "overview" ? [] : page ? [{ label: label(current.id), href: `${base}${current.path}` }, { label: page.label }] : [{ label: label(current.id) }];
  return (
    <Blade
      title={`${app.displayName} | ${page?.label ?? label(current.id)}`}
      subtitle={t("apps.blade.enterpriseApplication")}
      crumbs={[{ label: t("shell.nav.apps"), href: "/apps" }, { label: app.displayName, href: base }, ...crumbs]}
      side={<BladeMenu current={`${base}${current.path}`} items={SECTIONS.map((s) => ({ href: `${base}${s.path}`, label: label(s.id) }))} />}
    >
      {children}
    </Blade>
  );
}
