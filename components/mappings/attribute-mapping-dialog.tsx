"use client";
import { ChevronRight } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { FUNCTIONS, validateExpression, type AttributeMapping, type AttributeMappingType, type ExpressionError, type MappingDocument } from "@/lib/mapping";
import { ExpressionTester } from "./expression-tester";
import { errorText as errorTextIn, expressionFor, validateLocally, type ErrorMap, type SourceAttributeOption } from "./mapping-utils";

const TYPES: AttributeMappingType[] = ["direct", "constant", "expression", "none"];

export const emptyMapping = (): AttributeMapping => ({ type: "direct", source: null, target: "", applyOn: "always", matchingPrecedence: null });

/** The fields a type does not use are cleared, so the saved document carries no stale leftovers. */
function normalize(m: AttributeMapping): AttributeMapping {
  const blank = (s: string | null | undefined) => (s === undefined || s === null || s === "" ? null : s);
  return {
    type: m.type,
    source: m.type === "direct" ? blank(m.source) : null,
    expression: m.type === "expression" ? blank(m.expression) : null,
    constant: m.type === "constant" ? (m.constant ?? "") : null,
    target: m.target,
    defaultValue: m.type === "direct" || m.type === "expression" ? blank(m.defaultValue) : null,
    matchingPrecedence: m.matchingPrecedence && m.matchingPrecedence > 0 ? m.matchingPrecedence : null,
    applyOn: m.applyOn,
  };
}

export type AttributeDialogProps = {
  appId: string;
  doc: MappingDocument;
  /** index in doc.attributeMappings; null = "Add New Mapping" */
  index: number | null;
  sourceAttributes: SourceAttributeOption[];
  initialErrors: ErrorMap;
  readOnly: boolean;
  onClose: () => void;
  onApply: (m: AttributeMapping) => void;
};

export function AttributeMappingDialog({ appId, doc, index, sourceAttributes, initialErrors, readOnly, onClose, onApply }: AttributeDialogProps) {
  const [m, setM] = useState<AttributeMapping>(() => (index === null ? emptyMapping() : { ...doc.attributeMappings[index]! }));
  const [errors, setErrors] = useState<ErrorMap>(initialErrors);
  const t = useTranslations("mappings");
  const te = useTranslations("errors.expression");
  const errorText = (errs: Parameters<typeof errorTextIn>[0]) => errorTextIn(errs, (message, position) => t("errorAt", { message, position }));
  const rowIndex = index ?? doc.attributeMappings.length;
  const prefix = `attributeMappings.${rowIndex}`;
  const err = (field: string) => errorText(errors[`${prefix}.${field}`]);
  // An edited field drops its old error: a corrected value must not stand under a stale message.
  const set = (patch: Partial<AttributeMapping>) => {
    setM((x) => ({ ...x, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !Object.keys(patch).some((f) => k === `${prefix}.${f}`))));
  };
  const known = sourceAttributes.map((a) => a.name);

  // Validate the expression as the admin types (debounced): inline error with its position.
  const [typed, setTyped] = useState(m.expression ?? "");
  useEffect(() => {
    const timer = setTimeout(() => setTyped(m.expression ?? ""), 300);
    return () => clearTimeout(timer);
  }, [m.expression]);
  const exprError = useMemo<ExpressionError | null>(() => {
    if (m.type !== "expression" || !typed.trim()) return null;
    const v = validateExpression(typed, { knownAttributes: sourceAttributes.map((a) => a.name) });
    return v.ok ? null : v.error;
  }, [m.type, typed, sourceAttributes]);

  const textarea = useRef<HTMLTextAreaElement>(null);
  const insert = (text: string) => {
    const el = textarea.current;
    const cur = m.expression ?? "";
    const start = el?.selectionStart ?? cur.length;
    const end = el?.selectionEnd ?? cur.length;
    set({ expression: cur.slice(0, start) + text + cur.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  const apply = () => {
    const row = normalize(m);
    const next = [...doc.attributeMappings];
    next[rowIndex] = row;
    const all = validateLocally({ ...doc, attributeMappings: next }, known);
    const mine = Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(`${prefix}.`)));
    if (Object.keys(mine).length) {
      setErrors(mine);
      return;
    }
    onApply(row);
  };

  const isMatching = !!m.matchingPrecedence && m.matchingPrecedence > 0;
  const targetNames = doc.targetAttributes.map((a) => a.name);
  if (m.target && !targetNames.includes(m.target)) targetNames.unshift(m.target);
  // the parser's messages already say where ("… at position 10"); say it once
  const exprMessage = !exprError ? err("expression")
    // the parser's own words in the reader's language (they say where); else its English with the position
    : exprError.code && te.has(exprError.code as "empty") ? te(exprError.code as "unknownFunction", exprError.values as { name: string; position: number })
    : /position \d+/.test(exprError.message) ? exprError.message : t("errorAt", { message: exprError.message, position: exprError.position });

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t("dialog.title")} wide
      description={t("dialog.description")}
      footer={<>
        {!readOnly && <Button variant="primary" onClick={apply}>{t("dialog.ok")}</Button>}
        <Button onClick={onClose}>{readOnly ? t("dialog.close") : t("dialog.cancel")}</Button>
      </>}>
      <form onSubmit={(e) => { e.preventDefault(); apply(); }}>
        <fieldset disabled={readOnly} className="space-y-3">
          <Field label={t("dialog.type")} required>
            {(p) => <Select {...p} value={m.type} onChange={(e) => set({ type: e.target.value as AttributeMappingType })}>{TYPES.map((ty) => <option key={ty} value={ty}>{t(`dialog.types.${ty}`)}</option>)}</Select>}
          </Field>

          {m.type === "direct" && (
            <Field label={t("dialog.sourceAttribute")} required error={err("source")}>
              {(p) => (
                <Select {...p} value={m.source ?? ""} onChange={(e) => set({ source: e.target.value || null })}>
                  <option value="">{t("dialog.selectAttribute")}</option>
                  {m.source && !known.includes(m.source) && <option value={m.source}>{m.source}</option>}
                  {sourceAttributes.map((a) => <option key={a.name} value={a.name}>{a.name}</option>)}
                </Select>
              )}
            </Field>
          )}

          {m.type === "constant" && (
            <Field label={t("dialog.constantValue")} required error={err("constant")}>
              {(p) => <Input {...p} value={m.constant ?? ""} onChange={(e) => set({ constant: e.target.value })} />}
            </Field>
          )}

          {m.type === "expression" && (
            <div className="space-y-1">
              <Field label={t("dialog.expression")} required error={exprMessage} help={t("dialog.expressionHelp")}>
                {(p) => <Textarea {...p} ref={textarea} rows={4} spellCheck={false} value={m.expression ?? ""} onChange={(e) => set({ expression: e.target.value })} />}
              </Field>
              {exprError && <ErrorPointer source={typed} position={exprError.position} />}
              <FunctionReference onInsert={readOnly ? undefined : insert} />
            </div>
          )}

          {(m.type === "direct" || m.type === "expression") && (
            <Field label={t("dialog.defaultValue")} error={err("defaultValue")} help={t("dialog.defaultValueHelp")}>
              {(p) => <Input {...p} value={m.defaultValue ?? ""} onChange={(e) => set({ defaultValue: e.target.value })} />}
            </Field>
          )}

          <Field label={t("dialog.targetAttribute")} required error={err("target")}>
            {(p) => (
              <Select {...p} value={m.target} onChange={(e) => set({ target: e.target.value })}>
                <option value="">{t("dialog.selectAttribute")}</option>
                {targetNames.map((n) => <option key={n} value={n}>{n}</option>)}
              </Select>
            )}
          </Field>

          <div className="grid grid-cols-2 gap-3">
            <Field label={t("dialog.matchBy")}>
              {(p) => (
                <Select {...p} value={isMatching ? "yes" : "no"} onChange={(e) => {
                  const nextPrecedence = Math.max(0, ...doc.attributeMappings.filter((_, i) => i !== index).map((x) => x.matchingPrecedence ?? 0)) + 1;
                  set({ matchingPrecedence: e.target.value === "yes" ? nextPrecedence : null });
                }}>
                  <option value="no">{t("dialog.no")}</option>
                  <option value="yes">{t("dialog.yes")}</option>
                </Select>
              )}
            </Field>
            <Field label={t("dialog.matchingPrecedence")} error={err("matchingPrecedence")}>
              {(p) => <Input {...p} type="number" min={1} max={100} disabled={!isMatching} value={m.matchingPrecedence ?? ""} onChange={(e) => set({ matchingPrecedence: e.target.value === "" ? null : Number(e.target.value) })} />}
            </Field>
          </div>

          <Field label={t("dialog.applyOn")} error={err("applyOn")}>
            {(p) => (
              <Select {...p} value={m.applyOn} onChange={(e) => set({ applyOn: e.target.value as "always" | "create" })}>
                <option value="always">{t("dialog.always")}</option>
                <option value="create">{t("dialog.onlyCreation")}</option>
              </Select>
            )}
          </Field>
        </fieldset>
        {/* Enter in a field submits (applies); the visible buttons live in the dialog footer. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </form>
      {/* The tester evaluates against a directory user, so it only applies to the users mapping. */}
      {m.type !== "none" && doc.sourceObject === "user" && (
        <div className="mt-4">
          <ExpressionTester appId={appId} expression={m.type === "expression" && exprError ? null : expressionFor(m)} />
        </div>
      )}
    </Dialog>
  );
}

/** Shows where in the expression the error is (a caret under the position). */
function ErrorPointer({ source, position }: { source: string; position: number }) {
  const lineStart = source.lastIndexOf("\n", Math.max(0, position - 1)) + 1;
  const lineEnd = source.indexOf("\n", position);
  const line = source.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  return (
    <pre aria-hidden className="overflow-x-auto rounded bg-[#fdf3f4] px-2 py-1 text-xs text-[#b10e1c]">
      {line}
      {"\n"}
      {" ".repeat(Math.max(0, position - lineStart))}^
    </pre>
  );
}

function FunctionReference({ onInsert }: { onInsert?: (text: string) => void }) {
  const t = useTranslations("mappings.dialog");
  // what a function does, in the reader's language (mappings.functions.<Name>); its name, signature and example never change
  const tf = useTranslations("mappings.functions");
  const describe = (f: (typeof FUNCTIONS)[number]) => (tf.has(f.name as "Append") ? tf(f.name as "Append") : f.description);
  return (
    <details className="group rounded border border-gray-200">
      <summary className="flex cursor-pointer items-center gap-1 px-2 py-1 text-sm text-[#0f6cbd]">
        <ChevronRight size={14} aria-hidden className="transition-transform group-open:rotate-90" /> {t("functionReference", { count: FUNCTIONS.length })}
      </summary>
      <ul className="max-h-56 space-y-2 overflow-auto px-3 py-2 text-xs">
        {FUNCTIONS.map((f) => (
          <li key={f.name}>
            <div className="flex items-center gap-2">
              <code className="font-semibold">{f.signature}</code>
              {onInsert && <Button type="button" variant="ghost" className="px-1 py-0 text-xs" aria-label={t("insertNamed", { name: f.name })} onClick={() => onInsert(`${f.name}(`)}>{t("insert")}</Button>}
            </div>
            <p className="text-gray-700">{describe(f)}</p>
            <p className="text-gray-600">{t("example")}<code>{f.example}</code></p>
          </li>
        ))}
      </ul>
    </details>
  );
}
