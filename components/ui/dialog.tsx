"use client";
import * as D from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { cn } from "./cn";

const TEXTLIKE = ["text", "search", "email", "url", "password", "number", "tel", "datetime-local", "date"].map((t) => `input[type=${t}]:not([disabled])`).concat("input:not([type]):not([disabled])").join(", ");

/**
 * Focus for dialogs opened from state (no Radix Trigger): on open, the first field
 * (else the first control after the title bar, else Close); on close, back to the element
 * that had focus when the dialog opened, instead of <body>.
 */
function useDialogFocus(open: boolean) {
  const [opener, setOpener] = useState<HTMLElement | null>(null);
  const [wasOpen, setWasOpen] = useState(false);
  if (open !== wasOpen) {
    // adjusting state while rendering (React's pattern for "state from a prop change")
    setWasOpen(open);
    if (open && typeof document !== "undefined") setOpener(document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null);
  }
  return {
    onOpenAutoFocus: (e: Event) => {
      const content = e.currentTarget as HTMLElement | null;
      const first = content?.querySelector<HTMLElement>("[data-autofocus]")
        // a text field or list first (a search box after a Users/Groups switch), then any other control
        ?? content?.querySelector<HTMLElement>(`${TEXTLIKE}, select:not([disabled]), textarea:not([disabled])`)
        ?? content?.querySelector<HTMLElement>("input:not([type=hidden]):not([disabled])")
        ?? content?.querySelector<HTMLElement>("[data-dialog-body] button:not([disabled]), [data-dialog-body] a[href], [data-dialog-footer] button:not([disabled])");
      if (first) {
        e.preventDefault();
        first.focus();
      }
    },
    onCloseAutoFocus: (e: Event) => {
      if (opener && opener.isConnected) {
        e.preventDefault();
        opener.focus();
      }
    },
  };
}

/** A centered dialog (confirmations, small forms). */
export function Dialog({ open, onOpenChange, title, description, children, footer, wide }: { open: boolean; onOpenChange: (o: boolean) => void; title: string; description?: ReactNode; children?: ReactNode; footer?: ReactNode; wide?: boolean }) {
  const focus = useDialogFocus(open);
  const t = useTranslations("shell.ui");
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <D.Content {...focus} className={cn("fixed left-1/2 top-1/2 z-50 max-h-[85vh] w-[92vw] -translate-x-1/2 -translate-y-1/2 overflow-auto rounded-md bg-white p-5 shadow-xl", wide ? "max-w-3xl" : "max-w-md")}>
          <div className="mb-3 flex items-start justify-between gap-4">
            <D.Title className="text-lg font-semibold">{title}</D.Title>
            <D.Close aria-label={t("close")} className="rounded p-1 hover:bg-gray-100"><X size={16} aria-hidden /></D.Close>
          </div>
          <div data-dialog-body>
            {description ? <D.Description className="mb-3 text-sm text-gray-700">{description}</D.Description> : <D.Description className="sr-only">{title}</D.Description>}
            {children}
          </div>
          {footer && <div data-dialog-footer className="mt-5 flex flex-wrap justify-end gap-2">{footer}</div>}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}

/** Azure's right-hand context pane (details, pickers). */
export function Panel({ open, onOpenChange, title, children, footer }: { open: boolean; onOpenChange: (o: boolean) => void; title: string; children?: ReactNode; footer?: ReactNode }) {
  const focus = useDialogFocus(open);
  const t = useTranslations("shell.ui");
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/20" />
        <D.Content {...focus} className="fixed right-0 top-0 z-50 flex h-full w-[min(640px,100vw)] flex-col bg-white shadow-2xl">
          <div className="flex items-start justify-between border-b px-5 py-4">
            <D.Title className="text-lg font-semibold">{title}</D.Title>
            <D.Close aria-label={t("close")} className="rounded p-1 hover:bg-gray-100"><X size={16} aria-hidden /></D.Close>
          </div>
          <D.Description className="sr-only">{title}</D.Description>
          <div data-dialog-body className="flex-1 overflow-auto px-5 py-4">{children}</div>
          {footer && <div data-dialog-footer className="flex flex-wrap gap-2 border-t px-5 py-3">{footer}</div>}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
