// TanStack Query keys of the mapping editor (one place, so saves invalidate the right entries).
export const mappingKeys = {
  list: (appId: string) => ["apps", appId, "mappings"] as const,
  one: (appId: string, mappingId: string) => ["apps", appId, "mappings", mappingId] as const,
  sourceAttributes: (appId: string, mappingId: string) => ["apps", appId, "mappings", mappingId, "source-attributes"] as const,
};
