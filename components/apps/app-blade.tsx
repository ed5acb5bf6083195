// The resource blade of one app: "<name> | <section>", breadcrumbs and the app's menu.
import type { ReactNode } from "react";
import { Blade } from "@/components/shell/blade";
import { BladeMenu } from "@/components/shell/blade-menu";

export type AppSection = "overview" | "properties" | "users-and-groups" | "provisioning";

const SECTIONS: Array<{ id: AppSection; label: string; path: string }> = [
  { id: "overview", label: "Overview", path: "" },
  { id: "properties", label: "Properties", path: "/properties" },
  { id: "users-and-groups", label: "Users and groups", path: "/users-and-groups" },
  { id: "provisioning", label: "Provisioning", path: "/provisioning" },
];

/** `page`: a page below a section (Provisioning → Edit provisioning): its own title, the section stays selected in the menu. */
export function AppBlade({ app, section, page, children }: { app: { id: string; displayName: string }; section: AppSection; page?: { label: string }; children: ReactNode }) {
  const base = `/apps/${app.id}`;
  const current = SECTIONS.find((s) => s.id === section)!;
  const crumbs = section === "overview" ? [] : page ? [{ label: current.label, href: `${base}${current.path}` }, { label: page.label }] : [{ label: current.label }];
  return (
    <Blade
      title={`${app.displayName} | ${page?.label ?? current.label}`}
      subtitle="Enterprise Application"
      crumbs={[{ label: "Enterprise applications", href: "/apps" }, { label: app.displayName, href: base }, ...crumbs]}
      side={<BladeMenu current={`${base}${current.path}`} items={SECTIONS.map((s) => ({ href: `${base}${s.path}`, label: s.label }))} />}
    >
      {children}
    </Blade>
  );
}
