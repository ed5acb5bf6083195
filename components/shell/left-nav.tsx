"use client";
import * as D from "@radix-ui/react-dialog";
import { AppWindow, FileClock, Home, Menu, ScrollText, Settings, Users, UsersRound, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { cn } from "@/components/ui/cn";

const items = [
  { href: "/", label: "overview", icon: Home },
  { href: "/users", label: "users", icon: Users },
  { href: "/groups", label: "groups", icon: UsersRound },
  { href: "/apps", label: "apps", icon: AppWindow },
  { href: "/provisioning-logs", label: "provisioningLogs", icon: ScrollText },
  { href: "/audit-logs", label: "auditLogs", icon: FileClock },
  { href: "/settings", label: "settings", icon: Settings },
] as const;

function NavList({ onNavigate }: { onNavigate?: () => void }) {
  const path = usePathname();
  const t = useTranslations("shell.nav");
  return (
    <ul>
      {items.map(({ href, label, icon: Icon }) => {
        const active = href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
        return (
          <li key={href}>
            <Link href={href} onClick={onNavigate} aria-current={active ? "page" : undefined} className={cn("flex items-center gap-2.5 px-4 py-2 text-sm hover:bg-gray-200", active && "border-l-2 border-[#0f6cbd] bg-gray-200 font-semibold")}>
              <Icon size={16} aria-hidden className="shrink-0 text-[#0f6cbd]" /> {t(label)}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** The global navigation: a column from 1024 px up; below that, a menu button in the top bar opens it as a drawer. */
export function LeftNav() {
  const t = useTranslations("shell.nav");
  return (
    <nav aria-label={t("label")} className="hidden w-56 shrink-0 overflow-y-auto border-r border-gray-200 bg-[#fafafa] py-2 lg:block">
      <NavList />
    </nav>
  );
}

export function MobileNavButton() {
  const [open, setOpen] = useState(false);
  const t = useTranslations("shell.nav");
  return (
    <D.Root open={open} onOpenChange={setOpen}>
      <D.Trigger className="-ml-2 mr-1 rounded p-1.5 hover:bg-white/15 focus-visible:outline-2 focus-visible:outline-white lg:hidden" aria-label={t("open")}>
        <Menu size={20} aria-hidden />
      </D.Trigger>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/30 lg:hidden" />
        <D.Content className="fixed left-0 top-0 z-50 flex h-full w-72 max-w-[85vw] flex-col bg-[#fafafa] text-gray-900 shadow-2xl lg:hidden">
          <div className="flex items-center justify-between border-b border-gray-200 px-4 py-2">
            {/* eslint-disable-next-line i18n/no-literal-string -- the product's name */}
            <D.Title className="text-base font-semibold">Provisio</D.Title>
            <D.Close aria-label={t("close")} className="rounded p-1 hover:bg-gray-200"><X size={16} aria-hidden /></D.Close>
          </div>
          <D.Description className="sr-only">{t("main")}</D.Description>
          <nav aria-label={t("label")} className="flex-1 overflow-y-auto py-2">
            <NavList onNavigate={() => setOpen(false)} />
          </nav>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
