-- One row per leased slice of sync work, written by runAppSlice (see SyncSlice in schema.prisma).
CREATE TABLE "sync_slice" (
    "id" BIGSERIAL NOT NULL,
    "appId" TEXT NOT NULL,
    "cycleId" TEXT,
    "workerId" TEXT NOT NULL,
    "result" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "sync_slice_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "sync_slice_appId_startedAt_idx" ON "sync_slice"("appId", "startedAt");
CREATE INDEX "sync_slice_startedAt_idx" ON "sync_slice"("startedAt");

ALTER TABLE "sync_slice" ADD CONSTRAINT "sync_slice_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;
