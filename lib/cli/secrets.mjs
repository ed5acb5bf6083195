// The embedded install's generated secrets, kept in <data dir>/secrets.json (mode 0600):
// created once by the first `npm start`, read by every later start and by db:import-pglite.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function loadOrCreateSecrets(dataDir) {
  const file = path.join(dataDir, "secrets.json");
  let secrets = {};
  if (fs.existsSync(file)) secrets = JSON.parse(fs.readFileSync(file, "utf8"));
  let changed = false;
  if (!secrets.NEXTAUTH_SECRET) { secrets.NEXTAUTH_SECRET = randomBytes(32).toString("base64url"); changed = true; }
  if (!secrets.PROVISIO_ENCRYPTION_KEY) { secrets.PROVISIO_ENCRYPTION_KEY = randomBytes(32).toString("base64"); changed = true; }
  if (!secrets.POSTGRES_PASSWORD) { secrets.POSTGRES_PASSWORD = randomBytes(24).toString("base64url"); changed = true; }
  if (changed) fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return secrets;
}
