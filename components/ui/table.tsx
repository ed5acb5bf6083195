import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";
import { ScrollX } from "./scroll-x";

// Wide tables scroll inside their card, never the page (390 px phones, 200 % zoom).
export const Table = ({ className, ...p }: HTMLAttributes<HTMLTableElement>) => (
  <ScrollX label={p["aria-label"]}>
    <table className={cn("w-full border-collapse text-sm", className)} {...p} />
  </ScrollX>
);
export const THead = (p: HTMLAttributes<HTMLTableSectionElement>) => <thead {...p} />;
export const TBody = (p: HTMLAttributes<HTMLTableSectionElement>) => <tbody {...p} />;
export const Tr = ({ className, ...p }: HTMLAttributes<HTMLTableRowElement>) => <tr className={cn("border-b border-gray-200 hover:bg-gray-50", className)} {...p} />;
export const Th = ({ className, ...p }: ThHTMLAttributes<HTMLTableCellElement>) => <th scope="col" className={cn("px-2 py-2 text-left text-xs font-semibold text-gray-700", className)} {...p} />;
export const Td = ({ className, ...p }: TdHTMLAttributes<HTMLTableCellElement>) => <td className={cn("px-2 py-2 align-top", className)} {...p} />;
