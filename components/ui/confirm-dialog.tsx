"use client";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";

export function ConfirmDialog({ open, onOpenChange, title, children, confirmLabel, onConfirm, busy, danger = true }: { open: boolean; onOpenChange: (o: boolean) => void; title: string; children: ReactNode; confirmLabel: string; onConfirm: () => void; busy?: boolean; danger?: boolean }) {
  const t = useTranslations("shell.ui");
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={children}
      footer={<>
        <Button variant={danger ? "danger" : "primary"} onClick={onConfirm} busy={busy}>{confirmLabel}</Button>
        {/* a destructive confirmation starts on Cancel */}
        <Button onClick={() => onOpenChange(false)} data-autofocus={danger || undefined}>{t("cancel")}</Button>
      </>} />
  );
}
