// The hook between directory writes and the sync engine's real-time pushes.
// Every write path (portal, REST, CSV import, inbound SCIM, assignments) calls
// directoryChanged() after its transaction commits. The engine registers the
// handler at process start (lib/jobs): it enqueues a debounced incremental sync
// for each affected app; the change feed tells that sync exactly what changed.
// With no handler registered (tests of the directory alone, scripts) it is a no-op.

export type ChangeNotice = { objectType: "user" | "group" | "assignment"; ids?: string[]; appId?: string };
type Handler = (notice: ChangeNotice) => Promise<void> | void;

let handler: Handler | null = null;

export function onDirectoryChanged(h: Handler | null) {
  handler = h;
}

export function directoryChanged(notice: ChangeNotice): void {
  if (!handler) return;
  // Fire and forget: a queue hiccup must never fail the admin's write (periodic cycles reconcile anyway).
  Promise.resolve()
    .then(() => handler?.(notice))
    .catch(() => undefined);
}
