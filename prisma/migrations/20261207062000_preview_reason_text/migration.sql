-- Issue 18: a preview item's reason stored language-neutral (catalogue key + values) next to its
-- English (sync_preview_item.reason), so the Preview panel and the API render it in the reader's
-- language. The full-reconcile strategy reason needs no column: it lives in sync_cycle.reconcile (JSON).
ALTER TABLE "sync_preview_item" ADD COLUMN "reasonText" JSONB;
