"use client";
import { Slot } from "@radix-ui/react-slot";
import { forwardRef, type ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

type Variant = "primary" | "secondary" | "danger" | "ghost" | "command";
const styles: Record<Variant, string> = {
  primary: "bg-[#0f6cbd] text-white hover:bg-[#115ea3] border border-[#0f6cbd]",
  secondary: "bg-white text-gray-900 border border-gray-400 hover:bg-gray-100",
  danger: "bg-[#c50f1f] text-white hover:bg-[#a80d1a] border border-[#c50f1f]",
  ghost: "bg-transparent text-[#0f6cbd] hover:bg-gray-100 border border-transparent",
  // Azure command bar buttons: icon + label, flat
  command: "bg-transparent text-gray-900 hover:bg-gray-100 border border-transparent px-2",
};

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; asChild?: boolean; busy?: boolean };

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button({ variant = "secondary", asChild, busy, className, disabled, children, ...rest }, ref) {
  const Comp = asChild ? Slot : "button";
  return (
    <Comp
      ref={ref}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-sm px-3 py-1 text-sm font-normal disabled:opacity-50 disabled:cursor-not-allowed focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-[#0f6cbd]",
        styles[variant],
        className,
      )}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {children}
    </Comp>
  );
});
