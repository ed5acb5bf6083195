// Web-process start-up. Kept out of instrumentation.ts so it only loads in the Node runtime.
import { bootstrapAdmin } from "./admins/bootstrap";
import { env } from "./env";
import { log } from "./log";

let started = false;

export async function onServerStart() {
  if (started) return;
  started = true;
  env(); // fail fast with a sentence naming what to set
  const boot = await bootstrapAdmin();
  if (boot?.createdPassword) {
    // Printed once, on the very first start: the only way to learn this password.
    process.stdout.write(`\n  First administrator created.\n    Email:    ${boot.email}\n    Password: ${boot.createdPassword}\n  Sign in and change it under Settings → Administrators.\n\n`);
  } else if (boot?.created) {
    log.info("administrator created from ADMIN_EMAIL", { email: boot.email });
  }
  const hooks = await import("./server-hooks");
  await hooks.startBackground();
}
