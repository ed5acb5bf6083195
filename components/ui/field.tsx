"use client";
import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

const control = "w-full rounded-sm border border-gray-400 bg-white px-2 py-1 text-sm focus:border-[#0f6cbd] focus:outline-1 focus:outline-[#0f6cbd] disabled:bg-gray-100 aria-[invalid=true]:border-[#c50f1f]";

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input({ className, ...p }, ref) {
  return <input ref={ref} className={cn(control, className)} {...p} />;
});
export const Select = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>(function Select({ className, ...p }, ref) {
  return <select ref={ref} className={cn(control, className)} {...p} />;
});
export const Textarea = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement>>(function Textarea({ className, ...p }, ref) {
  return <textarea ref={ref} className={cn(control, "font-mono", className)} {...p} />;
});

/** Label + control + help/error, wired with ids for screen readers. */
export function Field({ label, help, error, required, children }: { label: string; help?: ReactNode; error?: string; required?: boolean; children: (props: { id: string; "aria-invalid"?: boolean; "aria-describedby"?: string; "aria-required"?: boolean }) => ReactNode }) {
  const id = useId();
  const describedBy = error ? `${id}-err` : help ? `${id}-help` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-semibold text-gray-900">
        {label}
        {required && <span className="text-[#c50f1f]" aria-hidden> *</span>}
      </label>
      {/* the asterisk is for the eye; aria-required says it to a screen reader */}
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy, "aria-required": required || undefined })}
      {error ? (
        <p id={`${id}-err`} className="text-xs text-[#c50f1f]">{error}</p>
      ) : help ? (
        <p id={`${id}-help`} className="text-xs text-gray-600">{help}</p>
      ) : null}
    </div>
  );
}
