// Runs once when the Next server starts (Node runtime): validate configuration,
// make sure the first administrator exists, and start the in-process worker.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // first: every request from now on carries its socket address (lib/request/peer.ts)
  const { installPeerStamp } = await import("./lib/request/peer");
  installPeerStamp();
  // malformed paths and router-state headers: a 400 before Next routes them (lib/request/gate.ts)
  const { installRequestGate } = await import("./lib/request/gate");
  installRequestGate();
  const { onServerStart } = await import("./lib/server-start");
  await onServerStart();
}
