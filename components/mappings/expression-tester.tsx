"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { api, ApiError } from "@/lib/api/client";

type UserHit = { id: string; userPrincipalName: string; displayName: string | null };
type TestResult = { value: unknown; ignored: boolean; redacted: boolean };

/** "Test expression": pick a directory user, evaluate the expression against them on the server (same code path as the engine). */
export function ExpressionTester({ appId, expression }: { appId: string; expression: string | null }) {
  const [search, setSearch] = useState("");
  const [debounced, setDebounced] = useState("");
  const [user, setUser] = useState<UserHit | null>(null);
  const listId = useId();
  useEffect(() => {
    const t = setTimeout(() => setDebounced(search.trim()), 250);
    return () => clearTimeout(t);
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
      <h3 id={`${listId}-h`} className="text-sm font-semibold">Test expression</h3>
      {user ? (
        <div className="flex items-center gap-2 text-sm">
          <span>User: <strong>{user.displayName ?? user.userPrincipalName}</strong> <span className="text-gray-600">({user.userPrincipalName})</span></span>
          <Button type="button" variant="ghost" onClick={() => setUser(null)}>Change user</Button>
        </div>
      ) : (
        <div className="space-y-1">
          <label htmlFor={`${listId}-search`} className="block text-sm">Search for a user to test with</label>
          <Input id={`${listId}-search`} value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or userPrincipalName" aria-controls={`${listId}-list`} />
          <ul id={`${listId}-list`} aria-label="Users" className="max-h-40 overflow-auto rounded border border-gray-200">
            {users.isPending ? <li className="px-2 py-1 text-sm text-gray-600">Searching…</li> : users.isError ? (
              <li className="px-2 py-1 text-sm text-[#c50f1f]">{users.error.message}</li>
            ) : users.data.items.length === 0 ? <li className="px-2 py-1 text-sm text-gray-600">No users found</li> : users.data.items.map((u) => (
              <li key={u.id}>
                <button type="button" className="w-full px-2 py-1 text-left text-sm hover:bg-gray-100 focus-visible:bg-gray-100" onClick={() => setUser(u)}>
                  {u.displayName ?? u.userPrincipalName} <span className="text-gray-600">{u.userPrincipalName}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Button type="button" onClick={() => test.mutate()} disabled={!user || !expression} busy={test.isPending}>Test</Button>
      {!expression && <p className="text-xs text-gray-600">Enter a source attribute or an expression to test.</p>}
      <div aria-live="polite">
        {test.isSuccess && (
          <div className="text-sm">
            <span className="font-semibold">Value: </span>
            <output aria-label="Expression value" className="rounded bg-gray-100 px-1 font-mono">{test.data.ignored ? "(attribute not sent: IgnoreFlowIfNullOrEmpty)" : JSON.stringify(test.data.value)}</output>
            {test.data.redacted && <p className="text-xs text-gray-600">Redact() is used: provisioning logs show [Redact] instead of this value.</p>}
          </div>
        )}
        {test.isError && (
          <p role="alert" className="text-sm text-[#c50f1f]">
            {testError?.status === 422 ? "The expression cannot be evaluated: " : ""}
            {test.error.message}
          </p>
        )}
      </div>
    </section>
  );
}
