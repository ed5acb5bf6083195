// The hook between directory writes and the sync engine's real-time pushes.
// Every write path (portal, REST, CSV import, inbound SCIM, assignments) awaits
// directoryChanged() after its transaction commits. It publishes a Postgres NOTIFY on
// DIRECTORY_CHANNEL; the worker processes' listener (lib/jobs/listener.ts) queues an
// incremental sync of each affected app, whose change feed says exactly what changed.
// The notice carries no ids (NOTIFY payloads are small; the change feed has them).
import { publish } from "../db/notify";
import { log } from "../log";

export const DIRECTORY_CHANNEL = "provisio_directory";

export type ChangeNotice = { objectType: "user" | "group" | "assignment"; ids?: string[]; appId?: string };
export type DirectoryNotice = { objectType: ChangeNotice["objectType"]; appId?: string };

/** Never throws: a notice that is lost must not fail the admin's write (the tick catches up within seconds). */
export async function directoryChanged(notice: ChangeNotice): Promise<void> {
  const payload: DirectoryNotice = { objectType: notice.objectType, ...(notice.appId ? { appId: notice.appId } : {}) };
  await publish(DIRECTORY_CHANNEL, payload).catch((err: unknown) => log.warn("could not announce a directory change", { err: (err as Error).message }));
}

export function parseDirectoryNotice(text: string): DirectoryNotice | null {
  try {
    const v = JSON.parse(text) as Partial<DirectoryNotice>;
    if (v.objectType !== "user" && v.objectType !== "group" && v.objectType !== "assignment") return null;
    return { objectType: v.objectType, ...(typeof v.appId === "string" ? { appId: v.appId } : {}) };
  } catch {
    return null;
  }
}
