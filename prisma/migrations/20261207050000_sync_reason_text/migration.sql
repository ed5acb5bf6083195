-- Issue 18: a quarantine or pause reason stored language-neutral (catalogue key + values) next to
-- its English (sync_state.reason), so Sync details and emails render it in the reader's language.
ALTER TABLE "sync_state" ADD COLUMN "reasonText" JSONB;
