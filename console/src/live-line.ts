/**
 * The server's live lines (server/news-socket.ts): a WebSocket told when what a screen shows changed.
 * One socket per line however many parts of the page listen (the inbox, its thread and the unread
 * count in the header share one), kept open: tried again every RETRY_MS while down. Each message,
 * `listening` or a change, means the same to a screen: read again now (a burst of them, once at
 * its start and once when it calms).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { openSocket } from './api';

const RETRY_MS = 10_000;
/** A burst of news (a busy store's orders selling its stock) is one read at its start and one at its end. */
const CALM_MS = 1_000;

interface Listener {
  news(): void;
  state(open: boolean): void;
}

interface Line {
  listeners: Set<Listener>;
  open: boolean;
  close?: (() => void) | undefined;
  retry?: ReturnType<typeof setTimeout> | undefined;
  /** When the listeners were last told, and the telling held back until the burst calms. */
  toldAt: number;
  held?: ReturnType<typeof setTimeout> | undefined;
}

function tell(line: Line): void {
  line.held = undefined;
  line.toldAt = Date.now();
  for (const listener of line.listeners) listener.news();
}

function news(line: Line): void {
  if (line.held) return;
  const wait = line.toldAt + CALM_MS - Date.now();
  if (wait <= 0) tell(line);
  else line.held = setTimeout(() => tell(line), wait);
}

const lines = new Map<string, Line>();

function connect(path: string, line: Line): void {
  line.close = openSocket(
    path,
    () => news(line),
    (open) => {
      line.open = open;
      for (const listener of line.listeners) listener.state(open);
      if (open || lines.get(path) !== line) return;
      line.close = undefined;
      line.retry = setTimeout(() => connect(path, line), RETRY_MS);
    },
  );
}

function listen(path: string, listener: Listener): () => void {
  let line = lines.get(path);
  if (!line) {
    line = { listeners: new Set(), open: false, toldAt: 0 };
    lines.set(path, line);
    connect(path, line);
  }
  line.listeners.add(listener);
  listener.state(line.open);
  const joined = line;
  return () => {
    joined.listeners.delete(listener);
    if (joined.listeners.size > 0) return;
    lines.delete(path);
    clearTimeout(joined.retry);
    clearTimeout(joined.held);
    joined.close?.();
  };
}

/** Calls `onNews` on each word of the line at `path` (none when undefined); answers whether it is up. */
export function useLiveLine(path: string | undefined, onNews: () => void): boolean {
  const [live, setLive] = useState(false);
  const latest = useRef(onNews);
  latest.current = onNews;
  useEffect(() => {
    if (!path) return;
    const stop = listen(path, { news: () => latest.current(), state: setLive });
    return () => {
      stop();
      setLive(false);
    };
  }, [path]);
  return live;
}
