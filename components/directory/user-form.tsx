"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { api, ApiError } from "@/lib/api/client";
import { userCreateSchema, userUpdateSchema, type UserView } from "@/lib/directory/schemas";
import { dirKeys } from "./keys";
import { UserPickerPanel } from "./user-picker-panel";

type FormValues = z.input<typeof userCreateSchema>;
const TEXT_FIELDS: { name: Exclude<keyof FormValues, "accountEnabled" | "extensionAttributes" | "managerId">; label: string; required?: boolean; help?: string; type?: string }[] = [
  { name: "userPrincipalName", label: "User principal name", required: true, help: "Sign-in name, like name@contoso.com. Unique." },
  { name: "displayName", label: "Display name" },
  { name: "givenName", label: "First name" },
  { name: "surname", label: "Last name" },
  { name: "mail", label: "Mail", type: "email" },
  { name: "mailNickname", label: "Mail nickname" },
  { name: "jobTitle", label: "Job title" },
  { name: "department", label: "Department" },
  { name: "employeeId", label: "Employee ID" },
];

/** New user (no `user`) or Edit properties (with `user`): one form, the create or update schema. */
export function UserForm({ user, onDone }: { user?: UserView; onDone?: () => void }) {
  const router = useRouter();
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
      toast.success(user ? `Saved ${u.userPrincipalName}` : `Created ${u.userPrincipalName}`);
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
          <Field key={f.name} label={f.label} required={f.required} help={f.help} error={err[f.name]?.message}>
            {(p) => <Input {...p} type={f.type ?? "text"} {...form.register(f.name)} />}
          </Field>
        ))}
        <Field label="Manager" help={managerId ? undefined : "Optional."}>
          {(p) => (
            <div className="flex items-center gap-2">
              <Input {...p} readOnly value={managerId ? (manager.data ? `${manager.data.displayName ?? ""} (${manager.data.userPrincipalName})` : "…") : "No manager"} />
              <Button type="button" onClick={() => setPickManager(true)}>Choose</Button>
              {managerId && <Button type="button" variant="ghost" onClick={() => form.setValue("managerId", null, { shouldDirty: true })}>Clear</Button>}
            </div>
          )}
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm"><input type="checkbox" {...form.register("accountEnabled")} /> Account enabled</label>
      <div className="flex gap-2 pt-2">
        <Button type="submit" variant="primary" busy={save.isPending}>{user ? "Save" : "Create"}</Button>
        <Button type="button" onClick={() => (onDone ? onDone() : router.push("/users"))}>Cancel</Button>
      </div>
      {pickManager && <UserPickerPanel title="Choose a manager" multiple={false} excludeIds={user ? [user.id] : []} onClose={() => setPickManager(false)} onSelect={([m]) => { form.setValue("managerId", m?.id ?? null, { shouldDirty: true }); setPickManager(false); }} />}
    </form>
  );
}
