// Real-time push: what a worker does with the change notices its listener receives.
// Directory writes push to the apps they concern (lib/jobs/push-plan.ts decides what to look
// up; an assignment change only its app; a bulk write every app with provisioning On) on the
// push lane; provisioning changes reschedule their app on the sync lane (credentials that pass
// Test Connection lift a credentials quarantine, and only then queue a sync). Every worker
// process listens, so with several workers one notice may be sent several times: the stately
// queue keeps one waiting job per app, and an extra job finds nothing to do.
import { activeAppsConcerning } from "../apps/concerned";
import { allStillExist, groupIdsOfUsers } from "../directory/lookup";
import { liftCredentialsQuarantine } from "../sync/outcome";
import { enqueueSync, pushToActiveApps } from "./enqueue";
import { listenForChanges, type ChangeListener, type Notices } from "./listener";
import { planPush } from "./push-plan";

/** The apps a batch of directory notices concerns ("all": every app with provisioning On). */
async function appsToPush(batch: Notices): Promise<string[] | "all" | null> {
  const plan = planPush(batch.directory);
  if (plan.kind !== "some") return plan.kind === "all" ? "all" : null;
  // A deleted user or group has lost its assignments and memberships: it may concern any app.
  if (!(await allStillExist(plan.userIds, plan.groupIds))) return "all";
  const groupIds = [...new Set([...plan.groupIds, ...(await groupIdsOfUsers(plan.userIds))])];
  const concerned = plan.userIds.length || groupIds.length ? await activeAppsConcerning({ userIds: plan.userIds, groupIds }) : [];
  return [...new Set([...concerned, ...plan.appIds])];
}

/** Returns whether any job was sent (so the caller can wake its workers at once). */
export async function actOnNotices(batch: Notices): Promise<boolean> {
  let sent = false;
  const apps = await appsToPush(batch);
  if (apps) sent = (await pushToActiveApps(apps === "all" ? undefined : apps)) > 0;
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
 * what was missed. `wake` is called after a send: the process's own workers fetch the job now
 * instead of at their next poll (other processes' workers poll every half second).
 */
export function startPushListener(catchUp: () => Promise<unknown>, wake: () => void = () => undefined): Promise<ChangeListener> {
  return listenForChanges({
    onNotices: async (batch) => {
      if (await actOnNotices(batch)) wake();
    },
    onReconnect: async () => void (await catchUp()),
  });
}
