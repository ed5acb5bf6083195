// TanStack Query keys of the apps pages; everything of one app sits under ["apps", appId]
// (the mapping editor's keys too), so invalidating that prefix refreshes the whole blade.
export const appKeys = {
  list: (q: string, filter: string) => ["apps", "list", q, filter] as const,
  templates: () => ["apps", "templates"] as const,
  one: (appId: string) => ["apps", appId] as const,
  provisioning: (appId: string) => ["apps", appId, "provisioning"] as const,
  credentials: (appId: string) => ["apps", appId, "credentials"] as const,
  assignments: (appId: string) => ["apps", appId, "assignments"] as const,
  roles: (appId: string) => ["apps", appId, "roles"] as const,
};
