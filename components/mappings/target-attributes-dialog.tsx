"use client";
import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { targetAttributeSchema, type TargetAttribute } from "@/lib/mapping";

const TYPES: TargetAttribute["type"][] = ["string", "boolean", "integer", "dateTime", "reference"];

/** "Edit attribute list": the target attributes the mapping may write, including custom extension attributes. */
export function TargetAttributesDialog({ title, attributes, mappedTargets, readOnly, onClose, onApply }: {
  title: string;
  attributes: TargetAttribute[];
  /** lower-cased targets used by attribute mappings: those cannot be removed */
  mappedTargets: Set<string>;
  readOnly: boolean;
  onClose: () => void;
  onApply: (list: TargetAttribute[]) => void;
}) {
  const t = useTranslations("mappings.attrList");
  const [list, setList] = useState<TargetAttribute[]>(attributes);
  const [draft, setDraft] = useState<TargetAttribute>({ name: "", type: "string", multiValued: false, required: false });
  const [error, setError] = useState<string | undefined>();

  const add = () => {
    const r = targetAttributeSchema.safeParse({ ...draft, name: draft.name.trim(), custom: true });
    if (!r.success) return setError(r.error.issues[0]?.message ?? t("enterName"));
    if (list.some((a) => a.name.toLowerCase() === r.data.name.toLowerCase())) return setError(t("alreadyListed", { name: r.data.name }));
    setList([...list, r.data]);
    setDraft({ name: "", type: "string", multiValued: false, required: false });
    setError(undefined);
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={title} wide
      description={t("description")}
      footer={<>
        {!readOnly && <Button variant="primary" onClick={() => onApply(list)}>{t("save")}</Button>}
        <Button onClick={onClose}>{readOnly ? t("close") : t("cancel")}</Button>
      </>}>
      <div className="max-h-[40vh] overflow-auto">
        <Table aria-label={t("table")}>
          <THead><Tr><Th>{t("name")}</Th><Th>{t("type")}</Th><Th>{t("multiValued")}</Th><Th>{t("required")}</Th><Th><span className="sr-only">{t("deleteNamed", { name: "" })}</span></Th></Tr></THead>
          <TBody>
            {list.map((a) => {
              const mapped = mappedTargets.has(a.name.toLowerCase());
              return (
                <Tr key={a.name}>
                  <Td className="break-all">{a.name}{a.custom && <span className="ml-1 text-xs text-gray-600">{t("custom")}</span>}</Td>
                  <Td>{a.type}</Td>
                  <Td>{a.multiValued ? t("yes") : t("no")}</Td>
                  <Td>{a.required ? t("yes") : t("no")}</Td>
                  <Td>
                    {!readOnly && (
                      <Button variant="ghost" aria-label={t("deleteNamed", { name: a.name })} disabled={mapped} title={mapped ? t("mappedHint") : undefined}
                        onClick={() => setList(list.filter((x) => x !== a))}>
                        <Trash2 size={14} aria-hidden />
                      </Button>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </div>
      {!readOnly && (
        <form className="mt-4 space-y-2 rounded border border-gray-200 p-3" onSubmit={(e) => { e.preventDefault(); add(); }}>
          <h3 className="text-sm font-semibold">{t("addTitle")}</h3>
          <div className="grid grid-cols-[1fr_10rem] gap-2">
            <Field label={t("attributeName")} required error={error}>{(p) => <Input {...p} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}</Field>
            <Field label={t("type")}>{(p) => <Select {...p} value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value as TargetAttribute["type"] })}>{TYPES.map((ty) => <option key={ty}>{ty}</option>)}</Select>}</Field>
          </div>
          <div className="flex gap-4 text-sm">
            <label className="flex items-center gap-1"><input type="checkbox" checked={!!draft.multiValued} onChange={(e) => setDraft({ ...draft, multiValued: e.target.checked })} /> {t("multiValued")}</label>
            <label className="flex items-center gap-1"><input type="checkbox" checked={!!draft.required} onChange={(e) => setDraft({ ...draft, required: e.target.checked })} /> {t("required")}</label>
          </div>
          <Button type="submit">{t("add")}</Button>
        </form>
      )}
    </Dialog>
  );
}
