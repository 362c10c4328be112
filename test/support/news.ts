/** A console's live line (server/news-socket.ts) as a test hears it. */
import { expect, vi } from 'vitest';
import type WebSocket from 'ws';
import type { TestApp } from './app.js';

export const LISTENING = '{"type":"listening"}';

/** The socket once it hears changes, and what it has heard since. */
export async function liveLine(
  t: TestApp,
  url: string,
  token: string,
): Promise<{ socket: WebSocket; heard: string[] }> {
  const heard: string[] = [];
  const socket = await t.app.injectWS(
    url,
    { headers: { 'sec-websocket-protocol': `bearer, ${token}` } },
    // Heard from the start, as a browser's onmessage: the first word may come before the upgrade resolves.
    { onInit: (ws) => ws.on('message', (data: Buffer) => heard.push(data.toString())) },
  );
  await vi.waitFor(() => expect(heard).toEqual([LISTENING]));
  heard.length = 0;
  return { socket, heard };
}

/** Long enough for a commit's news to reach a socket here, to tell that none came. */
export const settled = () => new Promise((resolve) => setTimeout(resolve, 1000));
