"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { api, ApiError } from "@/lib/api/client";

type UserHit = { id: string; userPrincipalName: string; displayName: string | null };
type TestResult = { value: unknown; ignored: boolean; redacted: boolean };

/** "Test expression": pick a directory user, evaluate the expression against them on the server (same code path as the engine). */
export function ExpressionTester({ appId, expression }: { appId: string; expression: string | null }) {
  const t = useTranslations("mappings.tester");
  const [search, setSearch] = useState("");
  const [debounced, setDebounced] = useState("");
  const [user, setUser] = useState<UserHit | null>(null);
  const listId = useId();
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const users = useQuery({
    queryKey: ["users", "picker", debounced],
    queryFn: ({ signal }) => api<{ items: UserHit[] }>(`/api/v1/users?limit=8${debounced ? `&filter=${encodeURIComponent(debounced)}` : ""}`, { signal }),
    enabled: !user,
  });
  const test = useMutation({
    mutationFn: () => api<TestResult>(`/api/v1/apps/${appId}/provisioning/expressions/test`, { method: "POST", body: { expression, userId: user!.id } }),
  });
  // A result belongs to one expression and one user: drop it when either changes.
  const { reset } = test;
  useEffect(() => reset(), [expression, user, reset]);

  const testError = test.error instanceof ApiError ? test.error : null;
  return (
    <section aria-labelledby={`${listId}-h`} className="space-y-2 rounded border border-gray-200 p-3">
      <h3 id={`${listId}-h`} className="text-sm font-semibold">{t("title")}</h3>
      {user ? (
        <div className="flex items-center gap-2 text-sm">
          <span>{t("user")}<strong>{user.displayName ?? user.userPrincipalName}</strong> <span className="text-gray-600">({user.userPrincipalName})</span></span>
          <Button type="button" variant="ghost" onClick={() => setUser(null)}>{t("changeUser")}</Button>
        </div>
      ) : (
        <div className="space-y-1">
          <label htmlFor={`${listId}-search`} className="block text-sm">{t("search")}</label>
          <Input id={`${listId}-search`} value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t("placeholder")} aria-controls={`${listId}-list`} />
          <ul id={`${listId}-list`} aria-label={t("users")} className="max-h-40 overflow-auto rounded border border-gray-200">
            {users.isPending ? <li className="px-2 py-1 text-sm text-gray-600">{t("searching")}</li> : users.isError ? (
              <li className="px-2 py-1 text-sm text-[#c50f1f]">{users.error.message}</li>
            ) : users.data.items.length === 0 ? <li className="px-2 py-1 text-sm text-gray-600">{t("noUsers")}</li> : users.data.items.map((u) => (
              <li key={u.id}>
                <button type="button" className="w-full px-2 py-1 text-left text-sm hover:bg-gray-100 focus-visible:bg-gray-100" onClick={() => setUser(u)}>
                  {u.displayName ?? u.userPrincipalName} <span className="text-gray-600">{u.userPrincipalName}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Button type="button" onClick={() => test.mutate()} disabled={!user || !expression} busy={test.isPending}>{t("test")}</Button>
      {!expression && <p className="text-xs text-gray-600">{t("enterFirst")}</p>}
      <div aria-live="polite">
        {test.isSuccess && (
          <div className="text-sm">
            <span className="font-semibold">{t("value")}</span>
            <output aria-label={t("valueLabel")} className="rounded bg-gray-100 px-1 font-mono">{test.data.ignored ? t("ignored") : JSON.stringify(test.data.value)}</output>
            {test.data.redacted && <p className="text-xs text-gray-600">{t("redacted")}</p>}
          </div>
        )}
        {test.isError && (
          <p role="alert" className="text-sm text-[#c50f1f]">
            {testError?.status === 422 ? t("cannotEvaluate") : ""}
            {test.error.message}
          </p>
        )}
      </div>
    </section>
  );
}
