import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

export const Table = ({ className, ...p }: HTMLAttributes<HTMLTableElement>) => <table className={cn("w-full border-collapse text-sm", className)} {...p} />;
export const THead = (p: HTMLAttributes<HTMLTableSectionElement>) => <thead {...p} />;
export const TBody = (p: HTMLAttributes<HTMLTableSectionElement>) => <tbody {...p} />;
export const Tr = ({ className, ...p }: HTMLAttributes<HTMLTableRowElement>) => <tr className={cn("border-b border-gray-200 hover:bg-gray-50", className)} {...p} />;
export const Th = ({ className, ...p }: ThHTMLAttributes<HTMLTableCellElement>) => <th scope="col" className={cn("px-2 py-2 text-left text-xs font-semibold text-gray-700", className)} {...p} />;
export const Td = ({ className, ...p }: TdHTMLAttributes<HTMLTableCellElement>) => <td className={cn("px-2 py-2 align-top", className)} {...p} />;
