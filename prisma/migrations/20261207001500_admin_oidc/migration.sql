-- Issue 19: admins created by an OIDC sign-in are linked to the provider's issuer + subject.
ALTER TABLE "admin" ADD COLUMN "oidcIssuer" TEXT;
ALTER TABLE "admin" ADD COLUMN "oidcSubject" TEXT;
CREATE UNIQUE INDEX "admin_oidcIssuer_oidcSubject_key" ON "admin"("oidcIssuer", "oidcSubject");
