-- CreateIndex
CREATE INDEX "provisioning_log_appId_status_id_idx" ON "provisioning_log"("appId", "status", "id");

-- CreateIndex
CREATE INDEX "provisioning_log_targetId_id_idx" ON "provisioning_log"("targetId", "id");

-- Expression index (not representable in schema.prisma, and the Prisma diff ignores it).
-- identity search is a case-insensitive prefix match, lower(x) LIKE 'prefix%' with text_pattern_ops.
CREATE INDEX "provisioning_log_search_identity_idx" ON "provisioning_log" (lower("sourceIdentity") text_pattern_ops);
