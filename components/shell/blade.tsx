import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

export type Crumb = { label: string; href?: string };

/** An Azure "blade": breadcrumbs, title + subtitle, a command bar, then content. */
export function Blade({ crumbs = [], title, subtitle, commands, children, side }: { crumbs?: Crumb[]; title: string; subtitle?: string; commands?: ReactNode; children: ReactNode; side?: ReactNode }) {
  const t = useTranslations("shell.blade");
  return (
    <div className="flex min-h-full flex-col">
      <nav aria-label={t("breadcrumb")} className="px-4 pt-3 text-xs text-gray-700 sm:px-6">
        <ol className="flex flex-wrap items-center gap-1">
          <li><Link href="/" className="text-[#0f6cbd] hover:underline">{t("home")}</Link></li>
          {crumbs.map((c, i) => (
            <li key={i} className="flex min-w-0 items-center gap-1">
              <ChevronRight size={12} aria-hidden className="shrink-0" />
              {c.href ? <Link href={c.href} className="break-all text-[#0f6cbd] hover:underline">{c.label}</Link> : <span aria-current="page" className="break-all">{c.label}</span>}
            </li>
          ))}
        </ol>
      </nav>
      <div className="px-4 pb-2 pt-2 sm:px-6">
        <h1 className="break-words text-xl font-semibold text-gray-900 sm:text-2xl">{title}</h1>
        {subtitle && <p className="text-sm text-gray-600">{subtitle}</p>}
      </div>
      <div className="flex min-w-0 flex-1 flex-col lg:flex-row">
        {side}
        <div className="min-w-0 flex-1">
          {commands && <div role="toolbar" aria-label={t("commands")} className="flex flex-wrap items-center gap-1 border-b border-gray-200 px-3 py-1 sm:px-5">{commands}</div>}
          <div className="px-4 py-4 sm:px-6">{children}</div>
        </div>
      </div>
    </div>
  );
}
