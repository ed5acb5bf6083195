-- Issue 14 item 11: signing out revokes the session server-side (its sid claim), until it would have expired anyway.
CREATE TABLE "revoked_session" (
    "sid" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "revoked_session_pkey" PRIMARY KEY ("sid")
);
CREATE INDEX "revoked_session_expiresAt_idx" ON "revoked_session"("expiresAt");
