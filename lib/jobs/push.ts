// Real-time push: what a worker does with the change notices its listener receives.
// Directory writes queue a sync of every app with provisioning On (an assignment change only
// of its app); provisioning changes reschedule their app (credentials that pass Test
// Connection lift a credentials quarantine, and only then queue a sync). Every worker process listens, so with
// several workers one notice may be sent several times: the stately queue keeps one waiting job
// per app, and an extra job finds nothing to do.
import { liftCredentialsQuarantine } from "../sync/outcome";
import { enqueueForActiveApps, enqueueSync } from "./enqueue";
import { listenForChanges, type ChangeListener, type Notices } from "./listener";

export async function actOnNotices(batch: Notices): Promise<void> {
  if (batch.directory.some((n) => n.objectType !== "assignment")) await enqueueForActiveApps();
  else {
    const apps = [...new Set(batch.directory.map((n) => n.appId).filter((id): id is string => !!id))];
    if (apps.length) await enqueueForActiveApps(apps);
  }
  const byApp = new Map<string, Set<string>>();
  for (const n of batch.provisioning) byApp.set(n.appId, (byApp.get(n.appId) ?? new Set()).add(n.reason));
  for (const [appId, reasons] of byApp) {
    if (reasons.has("deleted")) continue;
    // Credentials saved or tested: a sync only if that lifts a credentials quarantine (Start
    // tests the credentials and queues its own cycle; one job, not two).
    const lifted = reasons.has("credentials") && (await liftCredentialsQuarantine(appId));
    if (lifted || reasons.has("status") || reasons.has("settings") || reasons.has("created")) await enqueueSync(appId);
  }
}

/** Listens for notices in this process until closed; after a dropped connection, `catchUp` queues what was missed. */
export function startPushListener(catchUp: () => Promise<unknown>): Promise<ChangeListener> {
  return listenForChanges({ onNotices: actOnNotices, onReconnect: async () => void (await catchUp()) });
}
