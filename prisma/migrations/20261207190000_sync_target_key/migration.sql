-- The listing's lookups by single-column unique keys instead of a GIN index on "keys" filtered by
-- ("appId", "objectType"): without fresh statistics (the table is emptied and refilled every full
-- cycle) the planner scanned every row of it per lookup wave, ≈ 100 s of database time in a
-- 100,000-user initial cycle and ≈ 190 s in a Restart. A lookup by a unique column is planned
-- from the index alone. Rows of a cycle in flight are carried over.
ALTER TABLE "sync_target_object" ADD COLUMN "ref" TEXT;
UPDATE "sync_target_object" SET "ref" = "appId" || '/' || "objectType" || '/' || "targetId";
ALTER TABLE "sync_target_object" ALTER COLUMN "ref" SET NOT NULL;
CREATE UNIQUE INDEX "sync_target_object_ref_key" ON "sync_target_object"("ref");

CREATE TABLE "sync_target_key" (
    "key" TEXT NOT NULL,
    "ref" TEXT NOT NULL,

    CONSTRAINT "sync_target_key_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "sync_target_key_ref_idx" ON "sync_target_key"("ref");
ALTER TABLE "sync_target_key" ADD CONSTRAINT "sync_target_key_ref_fkey" FOREIGN KEY ("ref") REFERENCES "sync_target_object"("ref") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "sync_target_key" ("key", "ref")
SELECT o."appId" || '/' || o."objectType" || '/' || k, o."ref" FROM "sync_target_object" o, unnest(o."keys") AS k
ON CONFLICT DO NOTHING;

DROP INDEX "sync_target_object_keys_idx";
