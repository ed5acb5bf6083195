// The worker side of real-time push: LISTEN for directory and provisioning notices
// (published with Postgres NOTIFY by lib/directory/events.ts and lib/apps/events.ts, from any
// process: web route handlers, other workers, scripts) and queue a sync of the affected apps at
// once. Notices that arrive together are handled as one batch (a CSV import, a group's member
// change and its users), so a burst costs one app lookup and one queue send per app.
// A dedicated connection (LISTEN needs a session, not a pooled one) that reconnects with
// backoff; after a reconnect it asks for a catch-up, since notices sent meanwhile are lost.
import pg from "pg";
import { PROVISIONING_CHANNEL, parseProvisioningNotice, type ProvisioningNotice } from "../apps/events";
import { DIRECTORY_CHANNEL, parseDirectoryNotice, type DirectoryNotice } from "../directory/events";
import { env } from "../env";
import { log } from "../log";

export type Notices = { directory: DirectoryNotice[]; provisioning: ProvisioningNotice[] };
export type ChangeListener = { close: () => Promise<void>; connected: () => boolean };

type Options = {
  /** One batch of notices received in the same turn of the event loop. */
  onNotices: (batch: Notices) => Promise<void>;
  /** The connection came back after a drop: notices may have been missed. */
  onReconnect?: () => Promise<void>;
  connectionString?: string;
};

const MAX_BACKOFF_MS = 10_000;

export async function listenForChanges(opts: Options): Promise<ChangeListener> {
  let client: pg.Client | null = null;
  let closed = false;
  let isConnected = false;
  let backoff = 250;
  let pending: Notices = { directory: [], provisioning: [] };
  let flushing: Promise<void> = Promise.resolve();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = { directory: [], provisioning: [] };
    // Batches run one after the other, so their queue sends keep the notices' order.
    flushing = flushing.then(() => opts.onNotices(batch)).catch((err: unknown) => log.warn("could not act on change notices", { err: (err as Error).message }));
  };

  const onNotification = (msg: pg.Notification) => {
    const text = msg.payload ?? "";
    if (msg.channel === DIRECTORY_CHANNEL) {
      const n = parseDirectoryNotice(text);
      if (n) pending.directory.push(n);
    } else if (msg.channel === PROVISIONING_CHANNEL) {
      const n = parseProvisioningNotice(text);
      if (n) pending.provisioning.push(n);
    }
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  const connect = async (isReconnect: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: opts.connectionString ?? env().DATABASE_URL, keepAlive: true });
    c.on("notification", onNotification);
    c.on("error", (err) => {
      log.warn("change listener connection error", { err: err.message });
      void drop(c);
    });
    c.on("end", () => void drop(c));
    await c.connect();
    await c.query(`LISTEN ${DIRECTORY_CHANNEL}`);
    await c.query(`LISTEN ${PROVISIONING_CHANNEL}`);
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    isConnected = true;
    backoff = 250;
    if (isReconnect) {
      log.info("change listener reconnected");
      await opts.onReconnect?.().catch((err: unknown) => log.warn("catch-up after reconnect failed", { err: (err as Error).message }));
    }
  };

  const drop = async (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    isConnected = false;
    await c.end().catch(() => undefined);
    retry();
  };

  const retry = () => {
    if (closed) return;
    const wait = backoff;
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    const t = setTimeout(() => {
      connect(true).catch((err: unknown) => {
        log.warn("change listener could not reconnect", { err: (err as Error).message });
        retry();
      });
    }, wait);
    t.unref();
  };

  await connect(false);

  return {
    connected: () => isConnected,
    close: async () => {
      closed = true;
      const c = client;
      client = null;
      isConnected = false;
      await c?.end().catch(() => undefined);
      await flushing;
    },
  };
}
