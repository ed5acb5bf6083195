-- The portal language an administrator chose (issue 18), null = follow the browser Accept-Language
ALTER TABLE "admin" ADD COLUMN "locale" TEXT;
