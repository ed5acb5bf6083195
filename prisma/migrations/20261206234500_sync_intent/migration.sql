-- Issue 12 item 5: every write to a target leaves a provisioning-log entry, crash or not.
CREATE TABLE "sync_intent" (
    "id" BIGSERIAL NOT NULL,
    "appId" TEXT NOT NULL,
    "cycleId" TEXT,
    "objectType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "identity" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_intent_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sync_intent_appId_id_idx" ON "sync_intent"("appId", "id");
ALTER TABLE "sync_intent" ADD CONSTRAINT "sync_intent_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;
