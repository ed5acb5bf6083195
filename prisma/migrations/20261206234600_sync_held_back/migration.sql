-- Issue 12 item 10: changes held back by a quarantine are logged once each.
ALTER TABLE "sync_state" ADD COLUMN "heldBackSeq" BIGINT;
