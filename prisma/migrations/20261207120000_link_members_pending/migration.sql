-- A group's create is not finished until its members are written (they may take several requests).
ALTER TABLE "sync_link" ADD COLUMN "membersPending" BOOLEAN NOT NULL DEFAULT false;
