// Background work the web process owns (the inline worker). The sync engine
// issue wires the pg-boss worker in here.
import { env } from "./env";
import { log } from "./log";

export async function startBackground() {
  if (env().PROVISIO_WORKER === "off") {
    log.info("inline worker disabled (PROVISIO_WORKER=off)");
    return;
  }
}
