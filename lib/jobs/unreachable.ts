// Which apps' targets this process has just seen not answering (refused, timed out, 5xx). The
// push lane skips them: the sync lane already retries such an app with backoff, and a push that
// waits for a dead target's error would hold the push slot that every other app's changes are
// queued behind (a change to one user pushes to every app that syncs all users). A mark lapses
// after UNREACHABLE_MS, a little longer than the sync lane's longest retry delay, so a target that
// comes back is pushed to again after its next successful slice at the latest.
export const UNREACHABLE_MS = 75_000;

export class UnreachableTargets {
  private readonly since = new Map<string, number>();

  constructor(private readonly ttlMs = UNREACHABLE_MS) {}

  failed(appId: string, now = Date.now()) {
    this.since.set(appId, now);
  }

  answered(appId: string) {
    this.since.delete(appId);
  }

  has(appId: string, now = Date.now()): boolean {
    const at = this.since.get(appId);
    if (at === undefined) return false;
    if (now - at < this.ttlMs) return true;
    this.since.delete(appId);
    return false;
  }
}
