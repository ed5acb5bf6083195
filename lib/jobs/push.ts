// Real-time push: what a worker does with the change notices its listener receives.
// Directory writes queue a sync of every app with provisioning On (an assignment change only
// of its app); provisioning changes reschedule their app (credentials that pass Test
// Connection lift a credentials quarantine, and only then queue a sync). Every worker process listens, so with
// several workers one notice may be sent several times: the stately queue keeps one waiting job
// per app, and an extra job finds nothing to do.
import { liftCredentialsQuarantine } from "../sync/outcome";
import { enqueueForActiveApps, enqueueSync } from "./enqueue";
import { listenForChanges, type ChangeListener, type Notices } from "./listener";

/** Returns whether any sync job was sent (so the caller can wake its worker at once). */
export async function actOnNotices(batch: Notices): Promise<boolean> {
  let sent = false;
  if (batch.directory.some((n) => n.objectType !== "assignment")) sent = (await enqueueForActiveApps()) > 0;
  else {
    const apps = [...new Set(batch.directory.map((n) => n.appId).filter((id): id is string => !!id))];
    if (apps.length) sent = (await enqueueForActiveApps(apps)) > 0;
  }
  const byApp = new Map<string, Set<string>>();
  for (const n of batch.provisioning) byApp.set(n.appId, (byApp.get(n.appId) ?? new Set()).add(n.reason));
  for (const [appId, reasons] of byApp) {
    if (reasons.has("deleted")) continue;
    // Credentials saved or tested: a sync only if that lifts a credentials quarantine (Start
    // tests the credentials and queues its own cycle; one job, not two).
    const lifted = reasons.has("credentials") && (await liftCredentialsQuarantine(appId));
    if (lifted || reasons.has("status") || reasons.has("settings") || reasons.has("created")) sent = (await enqueueSync(appId)) !== null || sent;
  }
  return sent;
}

/**
 * Listens for notices in this process until closed; after a dropped connection, `catchUp` queues
 * what was missed. `wake` is called after a send: the process's own worker fetches the job now
 * instead of at its next poll (other processes' workers poll every half second).
 */
export function startPushListener(catchUp: () => Promise<unknown>, wake: () => void = () => undefined): Promise<ChangeListener> {
  return listenForChanges({
    onNotices: async (batch) => {
      if (await actOnNotices(batch)) wake();
    },
    onReconnect: async () => void (await catchUp()),
  });
}
