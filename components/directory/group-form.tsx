"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { useFieldMessage } from "@/components/ui/use-field-message";
import { api } from "@/lib/api/client";
import { groupCreateSchema, type GroupView } from "@/lib/directory/schemas";
import { dirKeys } from "./keys";

type FormValues = z.input<typeof groupCreateSchema>;

/** New group (no `group`) or edit (with `group`). */
export function GroupForm({ group, onDone }: { group?: GroupView; onDone?: () => void }) {
  const router = useRouter();
  const t = useTranslations("directory.groupForm");
  const tc = useTranslations("common");
  const fieldMessage = useFieldMessage();
  const qc = useQueryClient();
  const form = useForm<FormValues>({ resolver: zodResolver(groupCreateSchema), defaultValues: { displayName: group?.displayName ?? "", mailNickname: group?.mailNickname ?? "", description: group?.description ?? "" } });
  const save = useMutation({
    mutationFn: (v: unknown) => (group ? api<GroupView>(`/api/v1/groups/${group.id}`, { method: "PATCH", body: v }) : api<GroupView>("/api/v1/groups", { method: "POST", body: v })),
    onSuccess: (g) => {
      toast.success(group ? t("saved", { name: g.displayName }) : t("created", { name: g.displayName }));
      qc.invalidateQueries({ queryKey: dirKeys.all });
      if (onDone) onDone(); else router.push(`/groups/${g.id}`);
    },
    onError: (e) => toast.error(e.message),
  });
  const err = form.formState.errors;
  return (
    <form className="max-w-xl space-y-3" noValidate onSubmit={form.handleSubmit((v) => save.mutate(v))}>
      <Field label={t("name")} required error={fieldMessage(err.displayName?.message)}>{(p) => <Input {...p} {...form.register("displayName")} />}</Field>
      <Field label={t("mailNickname")} error={fieldMessage(err.mailNickname?.message)}>{(p) => <Input {...p} {...form.register("mailNickname")} />}</Field>
      <Field label={t("description")} error={fieldMessage(err.description?.message)}>{(p) => <Textarea {...p} rows={3} className="font-sans" {...form.register("description")} />}</Field>
      <div className="flex gap-2 pt-2">
        <Button type="submit" variant="primary" busy={save.isPending}>{group ? tc("save") : tc("create")}</Button>
        <Button type="button" onClick={() => (onDone ? onDone() : router.push("/groups"))}>{tc("cancel")}</Button>
      </div>
    </form>
  );
}
