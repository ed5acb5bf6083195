-- Issue 12: full cycles reconcile with the target, and one target object has one source object.
ALTER TABLE "sync_cycle" ADD COLUMN "reconcile" JSONB;

CREATE TABLE "sync_conflict" (
    "appId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "otherSourceId" TEXT NOT NULL,
    "attribute" TEXT,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_conflict_pkey" PRIMARY KEY ("appId", "objectType", "sourceId")
);
ALTER TABLE "sync_conflict" ADD CONSTRAINT "sync_conflict_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "sync_target_object" (
    "appId" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "resource" JSONB NOT NULL,
    "keys" TEXT[],
    CONSTRAINT "sync_target_object_pkey" PRIMARY KEY ("appId", "objectType", "targetId")
);
CREATE INDEX "sync_target_object_keys_idx" ON "sync_target_object" USING GIN ("keys");
ALTER TABLE "sync_target_object" ADD CONSTRAINT "sync_target_object_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Links made before this rule may share a target object: keep the oldest, drop the others
-- (their source objects are matched again by the next cycle and reported as conflicts).
DELETE FROM "sync_link" l USING "sync_link" k
 WHERE l."appId" = k."appId" AND l."objectType" = k."objectType" AND l."targetId" = k."targetId"
   AND l.state <> 'deleted' AND k.state <> 'deleted'
   AND (k."updatedAt" < l."updatedAt" OR (k."updatedAt" = l."updatedAt" AND k."sourceId" < l."sourceId"));
CREATE UNIQUE INDEX "sync_link_one_source_per_target" ON "sync_link" ("appId", "objectType", "targetId") WHERE state <> 'deleted';
