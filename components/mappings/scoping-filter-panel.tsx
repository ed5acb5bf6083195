"use client";
import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/field";
import { Banner } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { normalizeScopingOperator, SCOPING_OPERATORS, type ScopingClause, type ScopingFilters, type ScopingOperator } from "@/lib/mapping";
import { errorText as errorTextIn, type ErrorMap, type SourceAttributeOption } from "./mapping-utils";

const needsValue = (op: string) => {
  const n = normalizeScopingOperator(op);
  return SCOPING_OPERATORS.find((o) => o.name === n)?.needsValue ?? true;
};

/** Source Object Scope: scoping filters (OR-ed), each a list of clauses (AND-ed). Edits go straight to the page's draft. */
// The operators keep their names (as in Entra's portal, in every language); what they do is in the catalogue.
const OPERATOR_KEY = {
  "&": "bitAnd", "!&": "notBitAnd", ENDS_WITH: "endsWith", EQUALS: "equals", Greater_Than: "greaterThan", Greater_Than_OR_EQUALS: "greaterThanOrEquals",
  Includes: "includes", "IS FALSE": "isFalse", "IS NOT NULL": "isNotNull", "IS NULL": "isNull", "IS TRUE": "isTrue", "NOT EQUALS": "notEquals",
  "NOT REGEX MATCH": "notRegexMatch", "REGEX MATCH": "regexMatch",
} as const satisfies Record<ScopingOperator, string>;

export function ScopingFilterPanel({ filters, onChange, sourceAttributes, errors, readOnly, onClose }: {
  filters: ScopingFilters;
  onChange: (f: ScopingFilters) => void;
  sourceAttributes: SourceAttributeOption[];
  errors: ErrorMap;
  readOnly: boolean;
  onClose: () => void;
}) {
  const t = useTranslations("mappings");
  const errorText = (errs: Parameters<typeof errorTextIn>[0]) => errorTextIn(errs, (message, position) => t("errorAt", { message, position }));
  const setClause = (fi: number, ci: number, patch: Partial<ScopingClause>) =>
    onChange(filters.map((f, i) => (i !== fi ? f : f.map((c, j) => (j !== ci ? c : { ...c, ...patch })))));
  const newClause = (): ScopingClause => ({ attribute: sourceAttributes[0]?.name ?? "department", operator: "EQUALS", value: "" });

  return (
    <Panel open onOpenChange={(o) => !o && onClose()} title={t("scope.title")} footer={<Button variant="primary" onClick={onClose}>{t("scope.done")}</Button>}>
      <div className="space-y-4">
        <Banner>{t("scope.help")}</Banner>
        {filters.length === 0 && <p className="text-sm text-gray-700">{t("scope.allInScope")}</p>}
        {filters.map((f, fi) => (
          <section key={fi} aria-label={t("scope.filter", { n: fi + 1 })} className="space-y-2 rounded border border-gray-200 p-3">
            <div className="flex items-center justify-between">
              <h3 className="text-sm font-semibold">{t("scope.filter", { n: fi + 1 })}{fi > 0 && <span className="ml-2 font-normal text-gray-600">{t("scope.or")}</span>}</h3>
              {!readOnly && <Button variant="ghost" onClick={() => onChange(filters.filter((_, i) => i !== fi))}><Trash2 size={14} aria-hidden /> {t("scope.deleteFilter")}</Button>}
            </div>
            {errorText(errors[`scopingFilters.${fi}`]) && <p className="text-xs text-[#c50f1f]">{errorText(errors[`scopingFilters.${fi}`])}</p>}
            <Table>
              <THead><Tr><Th>{t("scope.attribute")}</Th><Th>{t("scope.operator")}</Th><Th>{t("scope.value")}</Th><Th><span className="sr-only">{t("editor.delete")}</span></Th></Tr></THead>
              <TBody>
                {f.map((c, ci) => {
                  const at = `scopingFilters.${fi}.${ci}`;
                  const rowErr = errorText([...(errors[`${at}.attribute`] ?? []), ...(errors[`${at}.operator`] ?? []), ...(errors[`${at}.value`] ?? []), ...(errors[at] ?? [])]);
                  const where = { filter: fi + 1, clause: ci + 1 };
                  return (
                    <Tr key={ci}>
                      <Td>
                        <Select aria-label={t("scope.attributeOf", where)} disabled={readOnly} value={c.attribute} aria-invalid={!!errors[`${at}.attribute`] || undefined} onChange={(e) => setClause(fi, ci, { attribute: e.target.value })}>
                          {!sourceAttributes.some((a) => a.name === c.attribute) && <option value={c.attribute}>{c.attribute}</option>}
                          {sourceAttributes.map((a) => <option key={a.name} value={a.name}>{a.name}</option>)}
                        </Select>
                        {rowErr && <p className="mt-1 text-xs text-[#c50f1f]">{rowErr}</p>}
                      </Td>
                      <Td>
                        <Select aria-label={t("scope.operatorOf", where)} disabled={readOnly} value={normalizeScopingOperator(c.operator) ?? c.operator}
                          onChange={(e) => setClause(fi, ci, { operator: e.target.value, value: needsValue(e.target.value) ? (c.value ?? "") : null })}>
                          {SCOPING_OPERATORS.map((o) => <option key={o.name} value={o.name} title={t(`scope.operators.${OPERATOR_KEY[o.name]}`)}>{o.name}</option>)}
                        </Select>
                      </Td>
                      <Td>
                        {needsValue(c.operator) ? (
                          <Input aria-label={t("scope.valueOf", where)} disabled={readOnly} value={c.value ?? ""} aria-invalid={!!errors[`${at}.value`] || undefined} onChange={(e) => setClause(fi, ci, { value: e.target.value })} />
                        ) : <span className="text-xs text-gray-600">{t("scope.noValue")}</span>}
                      </Td>
                      <Td>
                        {!readOnly && (
                          <Button variant="ghost" aria-label={t("scope.deleteClause", where)} onClick={() => onChange(filters.map((x, i) => (i !== fi ? x : x.filter((_, j) => j !== ci))).filter((x) => x.length > 0))}>
                            <Trash2 size={14} aria-hidden />
                          </Button>
                        )}
                      </Td>
                    </Tr>
                  );
                })}
              </TBody>
            </Table>
            {!readOnly && <Button variant="ghost" onClick={() => onChange(filters.map((x, i) => (i !== fi ? x : [...x, newClause()])))}><Plus size={14} aria-hidden /> {t("scope.addClause")}</Button>}
          </section>
        ))}
        {!readOnly && <Button onClick={() => onChange([...filters, [newClause()]])}><Plus size={14} aria-hidden /> {t("scope.addFilter")}</Button>}
      </div>
    </Panel>
  );
}
