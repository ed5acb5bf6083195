"use client";
import * as D from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./cn";

/** A centered dialog (confirmations, small forms). */
export function Dialog({ open, onOpenChange, title, description, children, footer, wide }: { open: boolean; onOpenChange: (o: boolean) => void; title: string; description?: ReactNode; children?: ReactNode; footer?: ReactNode; wide?: boolean }) {
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <D.Content className={cn("fixed left-1/2 top-1/2 z-50 max-h-[85vh] w-[92vw] -translate-x-1/2 -translate-y-1/2 overflow-auto rounded-md bg-white p-5 shadow-xl", wide ? "max-w-3xl" : "max-w-md")}>
          <div className="mb-3 flex items-start justify-between gap-4">
            <D.Title className="text-lg font-semibold">{title}</D.Title>
            <D.Close aria-label="Close" className="rounded p-1 hover:bg-gray-100"><X size={16} /></D.Close>
          </div>
          {description ? <D.Description className="mb-3 text-sm text-gray-700">{description}</D.Description> : <D.Description className="sr-only">{title}</D.Description>}
          {children}
          {footer && <div className="mt-5 flex justify-end gap-2">{footer}</div>}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}

/** Azure's right-hand context pane (details, pickers). */
export function Panel({ open, onOpenChange, title, children, footer }: { open: boolean; onOpenChange: (o: boolean) => void; title: string; children?: ReactNode; footer?: ReactNode }) {
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/20" />
        <D.Content className="fixed right-0 top-0 z-50 flex h-full w-[min(640px,96vw)] flex-col bg-white shadow-2xl">
          <div className="flex items-start justify-between border-b px-5 py-4">
            <D.Title className="text-lg font-semibold">{title}</D.Title>
            <D.Close aria-label="Close" className="rounded p-1 hover:bg-gray-100"><X size={16} /></D.Close>
          </div>
          <D.Description className="sr-only">{title}</D.Description>
          <div className="flex-1 overflow-auto px-5 py-4">{children}</div>
          {footer && <div className="flex gap-2 border-t px-5 py-3">{footer}</div>}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
