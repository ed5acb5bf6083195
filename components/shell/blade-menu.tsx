"use client";
import { ChevronDown } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";

/**
 * The "menu" column of a resource blade (an app's Overview / Properties / Users and groups / Provisioning).
 * Below 1024 px it folds into a disclosure under the title that names the current section.
 */
export function BladeMenu({ items, current }: { items: { href: string; label: string }[]; current: string }) {
  const [open, setOpen] = useState(false);
  const t = useTranslations("shell.blade");
  const path = usePathname();
  const [openedAt, setOpenedAt] = useState(path);
  if (openedAt !== path) {
    // a link was followed: fold the menu again
    setOpenedAt(path);
    setOpen(false);
  }
  const currentLabel = items.find((i) => i.href === current)?.label ?? t("menu");
  const list = (
    <ul>
      {items.map((i) => (
        <li key={i.href}>
          <Link href={i.href} aria-current={i.href === current ? "page" : undefined} className={`block px-4 py-1.5 text-sm hover:bg-gray-100 ${i.href === current ? "bg-gray-100 font-semibold" : ""}`}>{i.label}</Link>
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <nav aria-label={t("resourceMenu")} className="hidden w-52 shrink-0 border-r border-gray-200 py-2 lg:block">{list}</nav>
      <div className="border-y border-gray-200 px-4 py-1 sm:px-6 lg:hidden">
        <button type="button" aria-expanded={open} aria-controls="resource-menu-small" onClick={() => setOpen(!open)} className="flex w-full items-center justify-between gap-2 py-1 text-left text-sm">
          <span><span className="text-gray-700">{t("menuCurrent")}</span><span className="font-semibold">{currentLabel}</span></span>
          <ChevronDown size={16} aria-hidden className={open ? "rotate-180" : ""} />
        </button>
        {open && <nav id="resource-menu-small" aria-label={t("resourceMenu")} className="pb-1">{list}</nav>}
      </div>
    </>
  );
}
