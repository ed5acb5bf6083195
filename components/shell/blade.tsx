import { ChevronRight } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

export type Crumb = { label: string; href?: string };

/** An Azure "blade": breadcrumbs, title + subtitle, a command bar, then content. */
export function Blade({ crumbs = [], title, subtitle, commands, children, side }: { crumbs?: Crumb[]; title: string; subtitle?: string; commands?: ReactNode; children: ReactNode; side?: ReactNode }) {
  return (
    <div className="flex min-h-full flex-col">
      <nav aria-label="Breadcrumb" className="px-6 pt-3 text-xs text-gray-700">
        <ol className="flex flex-wrap items-center gap-1">
          <li><Link href="/" className="text-[#0f6cbd] hover:underline">Home</Link></li>
          {crumbs.map((c, i) => (
            <li key={i} className="flex items-center gap-1">
              <ChevronRight size={12} aria-hidden />
              {c.href ? <Link href={c.href} className="text-[#0f6cbd] hover:underline">{c.label}</Link> : <span aria-current="page">{c.label}</span>}
            </li>
          ))}
        </ol>
      </nav>
      <div className="px-6 pb-2 pt-2">
        <h1 className="text-2xl font-semibold text-gray-900">{title}</h1>
        {subtitle && <p className="text-sm text-gray-600">{subtitle}</p>}
      </div>
      <div className="flex flex-1">
        {side}
        <div className="flex-1">
          {commands && <div role="toolbar" aria-label="Commands" className="flex flex-wrap items-center gap-1 border-b border-gray-200 px-5 py-1">{commands}</div>}
          <div className="px-6 py-4">{children}</div>
        </div>
      </div>
    </div>
  );
}

/** The "menu" column of a resource blade (an app's Overview / Properties / Users and groups / Provisioning). */
export function BladeMenu({ items, current }: { items: { href: string; label: string }[]; current: string }) {
  return (
    <nav aria-label="Resource menu" className="w-52 shrink-0 border-r border-gray-200 py-2">
      <ul>
        {items.map((i) => (
          <li key={i.href}>
            <Link href={i.href} aria-current={i.href === current ? "page" : undefined} className={`block px-4 py-1.5 text-sm hover:bg-gray-100 ${i.href === current ? "bg-gray-100 font-semibold" : ""}`}>{i.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
