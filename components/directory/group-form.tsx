"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { api } from "@/lib/api/client";
import { groupCreateSchema, type GroupView } from "@/lib/directory/schemas";
import { dirKeys } from "./keys";

type FormValues = z.input<typeof groupCreateSchema>;

/** New group (no `group`) or edit (with `group`). */
export function GroupForm({ group, onDone }: { group?: GroupView; onDone?: () => void }) {
  const router = useRouter();
  const qc = useQueryClient();
  const form = useForm<FormValues>({ resolver: zodResolver(groupCreateSchema), defaultValues: { displayName: group?.displayName ?? "", mailNickname: group?.mailNickname ?? "", description: group?.description ?? "" } });
  const save = useMutation({
    mutationFn: (v: unknown) => (group ? api<GroupView>(`/api/v1/groups/${group.id}`, { method: "PATCH", body: v }) : api<GroupView>("/api/v1/groups", { method: "POST", body: v })),
    onSuccess: (g) => {
      toast.success(group ? `Saved ${g.displayName}` : `Created ${g.displayName}`);
      qc.invalidateQueries({ queryKey: dirKeys.all });
      if (onDone) onDone(); else router.push(`/groups/${g.id}`);
    },
    onError: (e) => toast.error(e.message),
  });
  const err = form.formState.errors;
  return (
    <form className="max-w-xl space-y-3" noValidate onSubmit={form.handleSubmit((v) => save.mutate(v))}>
      <Field label="Group name" required error={err.displayName?.message}>{(p) => <Input {...p} {...form.register("displayName")} />}</Field>
      <Field label="Mail nickname" error={err.mailNickname?.message}>{(p) => <Input {...p} {...form.register("mailNickname")} />}</Field>
      <Field label="Description" error={err.description?.message}>{(p) => <Textarea {...p} rows={3} className="font-sans" {...form.register("description")} />}</Field>
      <div className="flex gap-2 pt-2">
        <Button type="submit" variant="primary" busy={save.isPending}>{group ? "Save" : "Create"}</Button>
        <Button type="button" onClick={() => (onDone ? onDone() : router.push("/groups"))}>Cancel</Button>
      </div>
    </form>
  );
}
