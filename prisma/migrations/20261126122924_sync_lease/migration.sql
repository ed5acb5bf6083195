-- Row lease for "one cycle per app at a time" across workers (see SyncState in schema.prisma).
ALTER TABLE "sync_state" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "sync_state" ADD COLUMN "leaseUntil" TIMESTAMP(3);
