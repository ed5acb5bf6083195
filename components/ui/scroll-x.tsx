"use client";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * Sideways scrolling for a wide table inside its card. When (and only when) the content is
 * wider than the card, the area is a named region and a tab stop, so keyboard users can
 * scroll it too (axe: scrollable-region-focusable); otherwise it adds no tab stop.
 */
export function ScrollX({ label, children }: { label?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  const t = useTranslations("shell.ui");
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => ro.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className="max-w-full overflow-x-auto focus-visible:outline-2 focus-visible:outline-[#0f6cbd]"
      {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": label ? t("tableScrollsNamed", { label }) : t("tableScrolls") } : {})}
    >
      {children}
    </div>
  );
}
