import { useEffect, useState } from "react";

// TanStack Query keys of the directory; invalidating ["directory"] refreshes every list and page.
export const dirKeys = {
  all: ["directory"] as const,
  users: (q: string, sort: string, dir: string) => ["directory", "users", q, sort, dir] as const,
  user: (id: string) => ["directory", "user", id] as const,
  userGroups: (id: string) => ["directory", "user", id, "groups"] as const,
  groups: (q: string) => ["directory", "groups", q] as const,
  group: (id: string) => ["directory", "group", id] as const,
  members: (id: string) => ["directory", "group", id, "members"] as const,
};

/** A search box's value, settled after the user stops typing (no request per keystroke). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
