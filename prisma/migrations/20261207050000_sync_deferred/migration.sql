-- Issue 15: a cycle's deferred managers and pending groups as rows instead of ids in the checkpoint JSON.
CREATE TABLE "sync_deferred" (
    "appId" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    CONSTRAINT "sync_deferred_pkey" PRIMARY KEY ("cycleId", "kind", "sourceId")
);
CREATE INDEX "sync_deferred_appId_idx" ON "sync_deferred"("appId");
ALTER TABLE "sync_deferred" ADD CONSTRAINT "sync_deferred_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;
