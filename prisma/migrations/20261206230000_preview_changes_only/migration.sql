-- Issue 16: "Preview the effect of this change" — a preview that lists only the objects a cycle would act on.
ALTER TABLE "sync_preview" ADD COLUMN "changesOnly" BOOLEAN NOT NULL DEFAULT false;
