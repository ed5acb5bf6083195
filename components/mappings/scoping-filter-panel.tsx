"use client";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/field";
import { Banner } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { normalizeScopingOperator, SCOPING_OPERATORS, type ScopingClause, type ScopingFilters } from "@/lib/mapping";
import { errorText, type ErrorMap, type SourceAttributeOption } from "./mapping-utils";

const needsValue = (op: string) => {
  const n = normalizeScopingOperator(op);
  return SCOPING_OPERATORS.find((o) => o.name === n)?.needsValue ?? true;
};

/** Source Object Scope: scoping filters (OR-ed), each a list of clauses (AND-ed). Edits go straight to the page's draft. */
export function ScopingFilterPanel({ filters, onChange, sourceAttributes, errors, readOnly, onClose }: {
  filters: ScopingFilters;
  onChange: (f: ScopingFilters) => void;
  sourceAttributes: SourceAttributeOption[];
  errors: ErrorMap;
  readOnly: boolean;
  onClose: () => void;
}) {
  const setClause = (fi: number, ci: number, patch: Partial<ScopingClause>) =>
    onChange(filters.map((f, i) => (i !== fi ? f : f.map((c, j) => (j !== ci ? c : { ...c, ...patch })))));
  const newClause = (): ScopingClause => ({ attribute: sourceAttributes[0]?.name ?? "department", operator: "EQUALS", value: "" });

  return (
    <Panel open onOpenChange={(o) => !o && onClose()} title="Source Object Scope" footer={<Button variant="primary" onClick={onClose}>Done</Button>}>
      <div className="space-y-4">
        <Banner>
          All clauses in a scoping filter must be true for it to match (AND). An object is in scope when any one scoping filter matches (OR).
          With no scoping filter, all records are in scope. String comparisons are case-sensitive; an empty value makes a clause false.
        </Banner>
        {filters.length === 0 && <p className="text-sm text-gray-700">All records are in scope.</p>}
        {filters.map((f, fi) => (
          <section key={fi} aria-label={`Scoping filter ${fi + 1}`} className="space-y-2 rounded border border-gray-200 p-3">
            <div className="flex items-center justify-between">
              <h3 className="text-sm font-semibold">Scoping filter {fi + 1}{fi > 0 && <span className="ml-2 font-normal text-gray-600">(OR)</span>}</h3>
              {!readOnly && <Button variant="ghost" onClick={() => onChange(filters.filter((_, i) => i !== fi))}><Trash2 size={14} aria-hidden /> Delete scoping filter</Button>}
            </div>
            {errorText(errors[`scopingFilters.${fi}`]) && <p className="text-xs text-[#c50f1f]">{errorText(errors[`scopingFilters.${fi}`])}</p>}
            <Table>
              <THead><Tr><Th>Attribute name</Th><Th>Operator</Th><Th>Value</Th><Th><span className="sr-only">Delete</span></Th></Tr></THead>
              <TBody>
                {f.map((c, ci) => {
                  const at = `scopingFilters.${fi}.${ci}`;
                  const rowErr = errorText([...(errors[`${at}.attribute`] ?? []), ...(errors[`${at}.operator`] ?? []), ...(errors[`${at}.value`] ?? []), ...(errors[at] ?? [])]);
                  const label = `filter ${fi + 1} clause ${ci + 1}`;
                  return (
                    <Tr key={ci}>
                      <Td>
                        <Select aria-label={`Attribute of ${label}`} disabled={readOnly} value={c.attribute} aria-invalid={!!errors[`${at}.attribute`] || undefined} onChange={(e) => setClause(fi, ci, { attribute: e.target.value })}>
                          {!sourceAttributes.some((a) => a.name === c.attribute) && <option value={c.attribute}>{c.attribute}</option>}
                          {sourceAttributes.map((a) => <option key={a.name} value={a.name}>{a.name}</option>)}
                        </Select>
                        {rowErr && <p className="mt-1 text-xs text-[#c50f1f]">{rowErr}</p>}
                      </Td>
                      <Td>
                        <Select aria-label={`Operator of ${label}`} disabled={readOnly} value={normalizeScopingOperator(c.operator) ?? c.operator}
                          onChange={(e) => setClause(fi, ci, { operator: e.target.value, value: needsValue(e.target.value) ? (c.value ?? "") : null })}>
                          {SCOPING_OPERATORS.map((o) => <option key={o.name} value={o.name} title={o.description}>{o.name}</option>)}
                        </Select>
                      </Td>
                      <Td>
                        {needsValue(c.operator) ? (
                          <Input aria-label={`Value of ${label}`} disabled={readOnly} value={c.value ?? ""} aria-invalid={!!errors[`${at}.value`] || undefined} onChange={(e) => setClause(fi, ci, { value: e.target.value })} />
                        ) : <span className="text-xs text-gray-600">No value needed</span>}
                      </Td>
                      <Td>
                        {!readOnly && (
                          <Button variant="ghost" aria-label={`Delete ${label}`} onClick={() => onChange(filters.map((x, i) => (i !== fi ? x : x.filter((_, j) => j !== ci))).filter((x) => x.length > 0))}>
                            <Trash2 size={14} aria-hidden />
                          </Button>
                        )}
                      </Td>
                    </Tr>
                  );
                })}
              </TBody>
            </Table>
            {!readOnly && <Button variant="ghost" onClick={() => onChange(filters.map((x, i) => (i !== fi ? x : [...x, newClause()])))}><Plus size={14} aria-hidden /> Add new clause</Button>}
          </section>
        ))}
        {!readOnly && <Button onClick={() => onChange([...filters, [newClause()]])}><Plus size={14} aria-hidden /> Add scoping filter</Button>}
      </div>
    </Panel>
  );
}
