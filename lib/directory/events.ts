// The hook between directory writes and the sync engine's real-time pushes.
// Every write path (portal, REST, CSV import, inbound SCIM, assignments) awaits
// directoryChanged() after its transaction commits. It publishes a Postgres NOTIFY on
// DIRECTORY_CHANNEL; the worker processes' listener (lib/jobs/listener.ts) queues an
// incremental sync of each affected app, whose change feed says exactly what changed.
// The notice names the changed objects when they are few, so the worker pushes only to the
// apps they are assigned to (a change to one user must not wait behind every other app);
// a bulk write (CSV import, a big group) sends no ids and reaches every app with provisioning On.
import { publish } from "../db/notify";
import { log } from "../log";

export const DIRECTORY_CHANNEL = "provisio_directory";
/** At most this many ids ride on a notice (NOTIFY payloads are capped near 8 KB; a uuid costs ~40 bytes). */
export const NOTICE_MAX_IDS = 100;

export type ChangeNotice = { objectType: "user" | "group" | "assignment"; ids?: string[]; appId?: string };
/** `ids` absent: the change may concern any object (every app with provisioning On is affected). */
export type DirectoryNotice = { objectType: ChangeNotice["objectType"]; appId?: string; ids?: string[] };

export function noticePayload(notice: ChangeNotice): DirectoryNotice {
  const ids = notice.ids && notice.ids.length > 0 && notice.ids.length <= NOTICE_MAX_IDS ? [...new Set(notice.ids)] : undefined;
  return { objectType: notice.objectType, ...(notice.appId ? { appId: notice.appId } : {}), ...(ids ? { ids } : {}) };
}

/** Never throws: a notice that is lost must not fail the admin's write (the tick catches up within seconds). */
export async function directoryChanged(notice: ChangeNotice): Promise<void> {
  await publish(DIRECTORY_CHANNEL, noticePayload(notice)).catch((err: unknown) => log.warn("could not announce a directory change", { err: (err as Error).message }));
}

export function parseDirectoryNotice(text: string): DirectoryNotice | null {
  try {
    const v = JSON.parse(text) as Partial<DirectoryNotice>;
    if (v.objectType !== "user" && v.objectType !== "group" && v.objectType !== "assignment") return null;
    // Ids that are not a short list of strings are dropped: the notice then reaches every app, never fewer.
    const ids = Array.isArray(v.ids) && v.ids.length > 0 && v.ids.length <= NOTICE_MAX_IDS && v.ids.every((i) => typeof i === "string") ? v.ids : undefined;
    return { objectType: v.objectType, ...(typeof v.appId === "string" ? { appId: v.appId } : {}), ...(ids ? { ids } : {}) };
  } catch {
    return null;
  }
}
