"use client";
import { useTranslations } from "next-intl";
import { useEffect } from "react";

/**
 * While `dirty`: the browser asks before unloading (reload, close, typed URL), and clicks on
 * in-app links ask for confirmation. The App Router has no navigation events to cancel, so the
 * guard listens to clicks on the document in the capture phase, before Next's <Link> handler runs.
 */
export function useUnsavedChangesGuard(dirty: boolean) {
  const leaveMessage = useTranslations("apps")("unsaved");
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      e.returnValue = "";
    };
    const click = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.("a[href]");
      if (!a || a.getAttribute("target") === "_blank" || a.hasAttribute("download")) return;
      const url = new URL((a as HTMLAnchorElement).href, window.location.href);
      if (url.origin !== window.location.origin || (url.pathname === window.location.pathname && url.search === window.location.search)) return;
      if (!window.confirm(leaveMessage)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
    };
  }, [dirty, leaveMessage]);
}
