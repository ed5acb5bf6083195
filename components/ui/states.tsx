import { AlertTriangle, Inbox, Info } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { cn } from "./cn";

export function Skeleton({ className }: { className?: string }) {
  return <div className={cn("animate-pulse rounded bg-gray-200", className)} />;
}

export function LoadingRows({ rows = 5, label }: { rows?: number; label?: string }) {
  const t = useTranslations("shell.ui");
  return (
    <div role="status" aria-label={label ?? t("loading")} className="space-y-2 py-2">
      {Array.from({ length: rows }, (_, i) => <Skeleton key={i} className="h-6 w-full" />)}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 py-12 text-center text-gray-700">
      <Inbox size={36} className="text-gray-400" aria-hidden />
      <p className="font-semibold">{title}</p>
      {children && <div className="max-w-md text-sm">{children}</div>}
      {action}
    </div>
  );
}

export function ErrorState({ title, message, action }: { title?: string; message: string; action?: ReactNode }) {
  const t = useTranslations("shell.ui");
  return (
    <div role="alert" className="flex items-start gap-3 rounded border border-[#f1bbbc] bg-[#fdf3f4] p-3 text-sm">
      <AlertTriangle size={18} className="mt-0.5 shrink-0 text-[#c50f1f]" aria-hidden />
      <div>
        <p className="font-semibold">{title ?? t("somethingWentWrong")}</p>
        <p>{message}</p>
        {action}
      </div>
    </div>
  );
}

export function Banner({ tone = "info", children }: { tone?: "info" | "warning" | "error" | "success"; children: ReactNode }) {
  const t = {
    info: "border-[#b4d6fa] bg-[#ebf3fc]",
    warning: "border-[#fdcfb4] bg-[#fff9f5]",
    error: "border-[#f1bbbc] bg-[#fdf3f4]",
    success: "border-[#9fd89f] bg-[#f1faf1]",
  }[tone];
  return (
    <div className={cn("flex items-start gap-2 rounded border p-3 text-sm", t)} role={tone === "error" || tone === "warning" ? "status" : undefined}>
      {tone === "error" || tone === "warning" ? <AlertTriangle size={16} className="mt-0.5 shrink-0" aria-hidden /> : <Info size={16} className="mt-0.5 shrink-0" aria-hidden />}
      <div className="flex-1">{children}</div>
    </div>
  );
}

export function Badge({ tone = "neutral", children }: { tone?: "neutral" | "good" | "bad" | "warn" | "info"; children: ReactNode }) {
  const t = { neutral: "bg-gray-100 text-gray-800", good: "bg-[#f1faf1] text-[#0e700e]", bad: "bg-[#fdf3f4] text-[#b10e1c]", warn: "bg-[#fff9f5] text-[#bc4b09]", info: "bg-[#ebf3fc] text-[#0f6cbd]" }[tone];
  return <span className={cn("inline-flex items-center rounded px-1.5 py-0.5 text-xs font-semibold", t)}>{children}</span>;
}

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  const t = useTranslations("shell.ui");
  return (
    <div>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} className="h-2 w-full overflow-hidden rounded bg-gray-200">
        <div className="h-full bg-[#0f6cbd] transition-all" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-1 text-xs text-gray-700">{t("progress", { value, max, pct })}</p>
    </div>
  );
}
