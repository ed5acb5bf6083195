"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useFieldMessage } from "@/components/ui/use-field-message";
import { api, ApiError } from "@/lib/api/client";
import { userCreateSchema, userUpdateSchema, type UserView } from "@/lib/directory/schemas";
import { dirKeys } from "./keys";
import { UserPickerPanel } from "./user-picker-panel";

type FormValues = z.input<typeof userCreateSchema>;
// labels: directory.userForm.field.<name>
const TEXT_FIELDS: { name: Exclude<keyof FormValues, "accountEnabled" | "extensionAttributes" | "managerId">; required?: boolean; help?: boolean; type?: string }[] = [
  { name: "userPrincipalName", required: true, help: true },
  { name: "displayName" },
  { name: "givenName" },
  { name: "surname" },
  { name: "mail", type: "email" },
  { name: "mailNickname" },
  { name: "jobTitle" },
  { name: "department" },
  { name: "employeeId" },
];

/** New user (no `user`) or Edit properties (with `user`): one form, the create or update schema. */
export function UserForm({ user, onDone }: { user?: UserView; onDone?: () => void }) {
  const router = useRouter();
  const t = useTranslations("directory.userForm");
  const tc = useTranslations("common");
  const fieldMessage = useFieldMessage();
  const qc = useQueryClient();
  const [pickManager, setPickManager] = useState(false);
  const form = useForm<FormValues>({
    resolver: zodResolver(user ? (userUpdateSchema as unknown as typeof userCreateSchema) : userCreateSchema),
    defaultValues: {
      userPrincipalName: user?.userPrincipalName ?? "", displayName: user?.displayName ?? "", givenName: user?.givenName ?? "", surname: user?.surname ?? "",
      mail: user?.mail ?? "", mailNickname: user?.mailNickname ?? "", jobTitle: user?.jobTitle ?? "", department: user?.department ?? "",
      employeeId: user?.employeeId ?? "", accountEnabled: user?.accountEnabled ?? true, managerId: user?.managerId ?? null,
    },
  });
  const managerId = useWatch({ control: form.control, name: "managerId" });
  const manager = useQuery({ queryKey: dirKeys.user(managerId ?? "none"), enabled: !!managerId, queryFn: () => api<UserView>(`/api/v1/users/${managerId}`) });
  const save = useMutation({
    mutationFn: (v: unknown) => (user ? api<UserView>(`/api/v1/users/${user.id}`, { method: "PATCH", body: v }) : api<UserView>("/api/v1/users", { method: "POST", body: v })),
    onSuccess: (u) => {
      toast.success(user ? t("saved", { name: u.userPrincipalName }) : t("created", { name: u.userPrincipalName }));
      qc.invalidateQueries({ queryKey: dirKeys.all });
      if (onDone) onDone(); else router.push(`/users/${u.id}`);
    },
    onError: (e) => {
      // Put the server's field errors (e.g. 409 duplicate UPN) next to the field.
      if (e instanceof ApiError && e.details?.length) {
        for (const d of e.details) if (d.path && d.path in form.getValues()) form.setError(d.path as keyof FormValues, { message: d.message });
      }
      toast.error(e.message);
    },
  });
  const err = form.formState.errors;
  return (
    <form className="max-w-2xl space-y-3" noValidate onSubmit={form.handleSubmit((v) => save.mutate(v))}>
      <div className="grid gap-3 sm:grid-cols-2">
        {TEXT_FIELDS.map((f) => (
          <Field key={f.name} label={t(`field.${f.name}`)} required={f.required} help={f.help ? t("upnHelp") : undefined} error={fieldMessage(err[f.name]?.message)}>
            {(p) => <Input {...p} type={f.type ?? "text"} {...form.register(f.name)} />}
          </Field>
        ))}
        <Field label={t("manager")} help={managerId ? undefined : t("optional")}>
          {(p) => (
            <div className="flex items-center gap-2">
              <Input {...p} readOnly value={managerId ? (manager.data ? `${manager.data.displayName ?? ""} (${manager.data.userPrincipalName})` : "…") : t("noManager")} />
              <Button type="button" onClick={() => setPickManager(true)}>{t("choose")}</Button>
              {managerId && <Button type="button" variant="ghost" onClick={() => form.setValue("managerId", null, { shouldDirty: true })}>{tc("clear")}</Button>}
            </div>
          )}
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm"><input type="checkbox" {...form.register("accountEnabled")} /> {t("accountEnabled")}</label>
      <div className="flex gap-2 pt-2">
        <Button type="submit" variant="primary" busy={save.isPending}>{user ? tc("save") : tc("create")}</Button>
        <Button type="button" onClick={() => (onDone ? onDone() : router.push("/users"))}>{tc("cancel")}</Button>
      </div>
      {pickManager && <UserPickerPanel title={t("chooseManager")} multiple={false} excludeIds={user ? [user.id] : []} onClose={() => setPickManager(false)} onSelect={([m]) => { form.setValue("managerId", m?.id ?? null, { shouldDirty: true }); setPickManager(false); }} />}
    </form>
  );
}
