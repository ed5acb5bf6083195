-- CreateIndex
CREATE INDEX "directory_group_externalId_idx" ON "directory_group"("externalId");

-- CreateIndex
CREATE INDEX "directory_user_createdAt_id_idx" ON "directory_user"("createdAt", "id");

-- CreateIndex
CREATE INDEX "directory_user_externalId_idx" ON "directory_user"("externalId");

-- Expression indexes (not representable in schema.prisma, and the Prisma diff ignores them).
-- Prefix search is case-insensitive and collation-independent: lower(x) LIKE prefix-pattern uses text_pattern_ops.
CREATE INDEX "directory_user_search_displayName_idx" ON "directory_user" (lower("displayName") text_pattern_ops);
CREATE INDEX "directory_user_search_givenName_idx" ON "directory_user" (lower("givenName") text_pattern_ops);
CREATE INDEX "directory_user_search_surname_idx" ON "directory_user" (lower("surname") text_pattern_ops);
CREATE INDEX "directory_user_search_upn_idx" ON "directory_user" (lower("userPrincipalName") text_pattern_ops);
CREATE INDEX "directory_user_search_mail_idx" ON "directory_user" (lower("mail") text_pattern_ops);
-- Keyset paging by name: a NOT NULL sort key so (key, id) row comparisons work for users without a displayName.
CREATE INDEX "directory_user_sort_name_idx" ON "directory_user" ((coalesce("displayName", '')), "id");
CREATE INDEX "directory_group_search_displayName_idx" ON "directory_group" (lower("displayName") text_pattern_ops);
