-- Issue 18: provisioning-log texts stored language-neutral. The English columns (step details,
-- reason, recommendation) stay as they are, for older rows and the CSV/JSON downloads. The new
-- column holds the same texts as catalogue keys and values (steps with code and msg, reason, recommendation).
ALTER TABLE "provisioning_log" ADD COLUMN "texts" JSONB;
