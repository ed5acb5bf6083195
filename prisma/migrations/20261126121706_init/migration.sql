-- CreateEnum
CREATE TYPE "AdminRole" AS ENUM ('GLOBAL_ADMIN', 'APP_ADMIN', 'READER');

-- CreateTable
CREATE TABLE "admin" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "AdminRole" NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "passwordChangedInPortal" BOOLEAN NOT NULL DEFAULT false,
    "tokenVersion" INTEGER NOT NULL DEFAULT 0,
    "lastSignInAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "admin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_failure" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_failure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "targetName" TEXT,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "scim_token" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "scim_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_user" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "userPrincipalName" TEXT NOT NULL,
    "upnKey" TEXT NOT NULL,
    "displayName" TEXT,
    "givenName" TEXT,
    "surname" TEXT,
    "mail" TEXT,
    "mailNickname" TEXT,
    "jobTitle" TEXT,
    "department" TEXT,
    "employeeId" TEXT,
    "accountEnabled" BOOLEAN NOT NULL DEFAULT true,
    "managerId" TEXT,
    "extensionAttributes" JSONB NOT NULL DEFAULT '{}',
    "externalId" TEXT,
    "changeSeq" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "directory_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_group" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "displayName" TEXT NOT NULL,
    "mailNickname" TEXT,
    "description" TEXT,
    "externalId" TEXT,
    "changeSeq" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "directory_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_member" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_member_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateTable
CREATE TABLE "directory_tombstone" (
    "seq" BIGINT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "identity" TEXT,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_tombstone_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "change_counter" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "value" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "change_counter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "templateId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'manual',
    "status" TEXT NOT NULL DEFAULT 'off',
    "scope" TEXT NOT NULL DEFAULT 'assigned',
    "notificationEmail" TEXT,
    "sendFailureEmails" BOOLEAN NOT NULL DEFAULT false,
    "preventAccidentalDeletion" BOOLEAN NOT NULL DEFAULT false,
    "accidentalDeletionThreshold" INTEGER NOT NULL DEFAULT 500,
    "intervalMinutes" INTEGER NOT NULL DEFAULT 40,
    "credentialsPublic" JSONB NOT NULL DEFAULT '{}',
    "credentialsSecret" TEXT,
    "compatibility" JSONB NOT NULL DEFAULT '{}',
    "lastTestOk" BOOLEAN,
    "lastTestAt" TIMESTAMP(3),

    CONSTRAINT "app_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_assignment" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "appId" TEXT NOT NULL,
    "principalType" TEXT NOT NULL,
    "userId" TEXT,
    "groupId" TEXT,
    "roleId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_mapping" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "appId" TEXT NOT NULL,
    "sourceObject" TEXT NOT NULL,
    "targetObject" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "actions" JSONB NOT NULL,
    "scopingFilters" JSONB NOT NULL DEFAULT '[]',
    "attributeMappings" JSONB NOT NULL DEFAULT '[]',
    "targetAttributes" JSONB NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "app_mapping_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_state" (
    "appId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'idle',
    "reason" TEXT,
    "reasonCode" TEXT,
    "watermark" BIGINT NOT NULL DEFAULT 0,
    "needsInitial" BOOLEAN NOT NULL DEFAULT true,
    "initialDoneAt" TIMESTAMP(3),
    "quarantinedAt" TIMESTAMP(3),
    "quarantineLevel" INTEGER NOT NULL DEFAULT 0,
    "pausedCycleId" TEXT,
    "nextRunAt" TIMESTAMP(3),
    "notifiedState" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sync_state_pkey" PRIMARY KEY ("appId")
);

-- CreateTable
CREATE TABLE "sync_cycle" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "appId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "phase" TEXT,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "checkpoint" JSONB,
    "watermarkFrom" BIGINT,
    "watermarkTo" BIGINT,
    "error" TEXT,
    "workerId" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "sync_cycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_link" (
    "appId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "exported" JSONB NOT NULL DEFAULT '{}',
    "hash" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL DEFAULT 'active',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sync_link_pkey" PRIMARY KEY ("appId","objectType","sourceId")
);

-- CreateTable
CREATE TABLE "sync_member_link" (
    "appId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "sync_member_link_pkey" PRIMARY KEY ("appId","groupId","userId")
);

-- CreateTable
CREATE TABLE "sync_escrow" (
    "appId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "errorCode" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_escrow_pkey" PRIMARY KEY ("appId","objectType","sourceId")
);

-- CreateTable
CREATE TABLE "staged_deletion" (
    "appId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "identity" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staged_deletion_pkey" PRIMARY KEY ("appId","objectType","sourceId")
);

-- CreateTable
CREATE TABLE "provisioning_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appId" TEXT NOT NULL,
    "appName" TEXT,
    "cycleId" TEXT,
    "objectType" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sourceId" TEXT,
    "sourceIdentity" TEXT,
    "targetId" TEXT,
    "steps" JSONB NOT NULL DEFAULT '[]',
    "modifiedProperties" JSONB NOT NULL DEFAULT '[]',
    "errorCode" TEXT,
    "reason" TEXT,
    "recommendation" TEXT,
    "durationMs" INTEGER,
    "exchange" JSONB,

    CONSTRAINT "provisioning_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_outbox" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "dedupeKey" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "admin_email_key" ON "admin"("email");

-- CreateIndex
CREATE INDEX "sign_in_failure_email_ip_at_idx" ON "sign_in_failure"("email", "ip", "at");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_targetType_targetId_id_idx" ON "audit_log"("targetType", "targetId", "id");

-- CreateIndex
CREATE INDEX "audit_log_actorId_id_idx" ON "audit_log"("actorId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "scim_token_tokenHash_key" ON "scim_token"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "directory_user_upnKey_key" ON "directory_user"("upnKey");

-- CreateIndex
CREATE INDEX "directory_user_changeSeq_idx" ON "directory_user"("changeSeq");

-- CreateIndex
CREATE INDEX "directory_user_displayName_id_idx" ON "directory_user"("displayName", "id");

-- CreateIndex
CREATE INDEX "directory_user_mail_idx" ON "directory_user"("mail");

-- CreateIndex
CREATE INDEX "directory_user_managerId_idx" ON "directory_user"("managerId");

-- CreateIndex
CREATE INDEX "directory_group_changeSeq_idx" ON "directory_group"("changeSeq");

-- CreateIndex
CREATE INDEX "directory_group_displayName_id_idx" ON "directory_group"("displayName", "id");

-- CreateIndex
CREATE INDEX "group_member_userId_idx" ON "group_member"("userId");

-- CreateIndex
CREATE INDEX "directory_tombstone_objectId_idx" ON "directory_tombstone"("objectId");

-- CreateIndex
CREATE INDEX "app_displayName_idx" ON "app"("displayName");

-- CreateIndex
CREATE INDEX "app_assignment_userId_idx" ON "app_assignment"("userId");

-- CreateIndex
CREATE INDEX "app_assignment_groupId_idx" ON "app_assignment"("groupId");

-- CreateIndex
CREATE UNIQUE INDEX "app_assignment_appId_userId_key" ON "app_assignment"("appId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "app_assignment_appId_groupId_key" ON "app_assignment"("appId", "groupId");

-- CreateIndex
CREATE UNIQUE INDEX "app_mapping_appId_sourceObject_key" ON "app_mapping"("appId", "sourceObject");

-- CreateIndex
CREATE INDEX "sync_cycle_appId_startedAt_idx" ON "sync_cycle"("appId", "startedAt");

-- CreateIndex
CREATE INDEX "sync_link_appId_objectType_targetId_idx" ON "sync_link"("appId", "objectType", "targetId");

-- CreateIndex
CREATE INDEX "sync_member_link_appId_userId_idx" ON "sync_member_link"("appId", "userId");

-- CreateIndex
CREATE INDEX "sync_escrow_appId_nextAttemptAt_idx" ON "sync_escrow"("appId", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "provisioning_log_at_idx" ON "provisioning_log"("at");

-- CreateIndex
CREATE INDEX "provisioning_log_appId_id_idx" ON "provisioning_log"("appId", "id");

-- CreateIndex
CREATE INDEX "provisioning_log_cycleId_id_idx" ON "provisioning_log"("cycleId", "id");

-- CreateIndex
CREATE INDEX "provisioning_log_status_id_idx" ON "provisioning_log"("status", "id");

-- CreateIndex
CREATE INDEX "provisioning_log_action_id_idx" ON "provisioning_log"("action", "id");

-- CreateIndex
CREATE INDEX "provisioning_log_sourceId_id_idx" ON "provisioning_log"("sourceId", "id");

-- CreateIndex
CREATE INDEX "provisioning_log_sourceIdentity_id_idx" ON "provisioning_log"("sourceIdentity", "id");

-- CreateIndex
CREATE UNIQUE INDEX "email_outbox_dedupeKey_key" ON "email_outbox"("dedupeKey");

-- CreateIndex
CREATE INDEX "email_outbox_sentAt_nextAttemptAt_idx" ON "email_outbox"("sentAt", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "directory_user" ADD CONSTRAINT "directory_user_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "directory_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_member" ADD CONSTRAINT "group_member_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "directory_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_member" ADD CONSTRAINT "group_member_userId_fkey" FOREIGN KEY ("userId") REFERENCES "directory_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_assignment" ADD CONSTRAINT "app_assignment_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_assignment" ADD CONSTRAINT "app_assignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "directory_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_assignment" ADD CONSTRAINT "app_assignment_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "directory_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_mapping" ADD CONSTRAINT "app_mapping_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_state" ADD CONSTRAINT "sync_state_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_cycle" ADD CONSTRAINT "sync_cycle_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_link" ADD CONSTRAINT "sync_link_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_member_link" ADD CONSTRAINT "sync_member_link_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_escrow" ADD CONSTRAINT "sync_escrow_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staged_deletion" ADD CONSTRAINT "staged_deletion_appId_fkey" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The change feed's single counter row (see lib/directory/change-feed.ts).
INSERT INTO "change_counter" ("id", "value") VALUES (1, 0);
