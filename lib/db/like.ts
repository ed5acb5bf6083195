// LIKE patterns from user input. Prisma's contains/startsWith/endsWith and case-insensitive
// equals do not escape % and _ (prisma/prisma#19506): without this, a search for "%" matches
// everything and `displayName eq "%"` equals every group.
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Case-insensitive prefix pattern for `lower(col) LIKE …`. */
export const likePrefix = (q: string) => `${escapeLike(q.toLowerCase())}%`;
