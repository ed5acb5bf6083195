-- CreateTable
CREATE TABLE "sync_preview" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "appId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "requestedBy" TEXT NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "findings" JSONB NOT NULL DEFAULT '{}',
    "mappingHash" TEXT NOT NULL,
    "watermark" BIGINT NOT NULL,
    "targetReadAt" TIMESTAMP(3),
    "schemaSource" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "appliedAt" TIMESTAMP(3),
    "appliedBy" TEXT,

    CONSTRAINT "sync_preview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_preview_item" (
    "id" BIGSERIAL NOT NULL,
    "previewId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "identity" TEXT,
    "action" TEXT NOT NULL,
    "reason" TEXT,
    "targetId" TEXT,
    "changes" JSONB NOT NULL DEFAULT '[]',
    "findings" JSONB NOT NULL DEFAULT '[]',
    "findingCodes" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "sync_preview_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sync_preview_appId_createdAt_idx" ON "sync_preview"("appId", "createdAt");

-- CreateIndex
CREATE INDEX "sync_preview_item_previewId_id_idx" ON "sync_preview_item"("previewId", "id");

-- CreateIndex
CREATE INDEX "sync_preview_item_previewId_action_id_idx" ON "sync_preview_item"("previewId", "action", "id");

-- AddForeignKey
ALTER TABLE "sync_preview" ADD CONSTRAINT "sync_preview_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_preview_item" ADD CONSTRAINT "sync_preview_item_previewId_fkey" FOREIGN KEY ("previewId") REFERENCES "sync_preview"("id") ON DELETE CASCADE ON UPDATE CASCADE;
