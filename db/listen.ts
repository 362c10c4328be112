/**
 * News the database sends at commit (NOTIFY from a table's triggers), heard on one connection of its
 * own: whichever code path, worker or server instance changed the rows, every instance hears it.
 * The connection opens with the first listener and comes back after it is lost. Each listener is
 * told when listening begins for it, at first and again after a lost connection: what was notified
 * before may have been missed, so that is the moment to read afresh.
 */
import pg from 'pg';
import { APP_ROLE } from './pool.js';

export interface Listener {
  news(payload: string): void;
  /** From now on every notification reaches `news`; earlier ones may have been missed. */
  listening(): void;
}

export interface NotifyChannel {
  listen(listener: Listener): () => void;
  close(): Promise<void>;
}

const RETRY_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

export function notifyChannel(
  databaseUrl: string,
  channel: string,
  log: { warn(o: object, msg: string): void },
): NotifyChannel {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel))
    throw new Error(`notify channel ${channel}: not a plain identifier`);
  const listeners = new Set<Listener>();
  let client: pg.Client | undefined;
  let listening = false;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;

  function connect(): void {
    const next = new pg.Client({ connectionString: databaseUrl, options: `-c role=${APP_ROLE}` });
    client = next;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost || closed || client !== next) return;
      lost = true;
      client = undefined;
      listening = false;
      next.end().catch(() => {});
      log.warn({ err: error, channel }, 'database news: connection lost, reconnecting');
      const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
      failures += 1;
      retry = setTimeout(() => {
        retry = undefined;
        connect();
      }, wait);
    };
    next.on('notification', (message) => {
      if (message.channel !== channel || message.payload === undefined) return;
      for (const listener of listeners) listener.news(message.payload);
    });
    next.on('error', onLost);
    next.on('end', () => onLost());
    next
      .connect()
      .then(() => next.query(`LISTEN ${channel}`))
      .then(() => {
        if (client !== next) return;
        failures = 0;
        listening = true;
        for (const listener of listeners) listener.listening();
      })
      .catch(onLost);
  }

  return {
    listen(listener) {
      listeners.add(listener);
      if (listening) queueMicrotask(() => listeners.has(listener) && listener.listening());
      else if (!client && !retry && !closed) connect();
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      listeners.clear();
      const last = client;
      client = undefined;
      listening = false;
      await last?.end().catch(() => {});
    },
  };
}
