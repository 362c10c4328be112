/**
 * Live offers: the shopper's phone logs in to the brand's MQTT broker over WebSocket (wx.connectSocket)
 * as user `shopper` with its session token, and subscribes to its own offer topic (the one
 * GET /me/offers names). Each message is an offer `{id, title, body, ts, ...payload}`.
 */

import { t } from './i18n';
import {
  CONNACK,
  connectPacket,
  disconnectPacket,
  type Incoming,
  PUBLISH,
  packetReader,
  pingPacket,
  pubackPacket,
  readPublish,
  subscribePacket,
} from './mqtt-packets';

export interface LiveOffer {
  id: string;
  title: string;
  body?: string;
}

export interface LiveOptions {
  url: string;
  token: string;
  topic: string;
  onOffer(offer: LiveOffer): void;
  onError(error: Error): void;
}

export interface LiveChannel {
  /** Whether the broker took the login and the subscription. */
  listening(): boolean;
  close(): void;
}

const KEEP_ALIVE_S = 60;

export function listenForOffers(options: LiveOptions): LiveChannel {
  const socket = wx.connectSocket({ url: options.url, protocols: ['mqtt'] });
  const read = packetReader();
  let listening = false;
  let ping: ReturnType<typeof setInterval> | null = null;
  const send = (data: ArrayBuffer) => socket.send({ data });

  const handle = (p: Incoming) => {
    if (p.type === CONNACK) {
      if (p.body[1] !== 0) return options.onError(new Error(t('liveOffersUnavailable')));
      send(subscribePacket(1, options.topic));
      listening = true;
    } else if (p.type === PUBLISH) {
      const message = readPublish(p);
      if (message.packetId !== null) send(pubackPacket(message.packetId));
      try {
        options.onOffer(JSON.parse(message.payload) as LiveOffer);
      } catch {
        // Not an offer: nothing to show.
      }
    }
  };

  socket.onOpen(() => {
    const clientId = `mp-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    send(connectPacket({ clientId, username: 'shopper', password: options.token, keepAliveS: KEEP_ALIVE_S }));
    ping = setInterval(() => send(pingPacket()), (KEEP_ALIVE_S * 1000) / 2);
  });
  socket.onMessage(({ data }) => {
    if (typeof data !== 'string') for (const p of read(data)) handle(p);
  });
  socket.onError(() => options.onError(new Error(t('liveOffersLost'))));
  socket.onClose(() => {
    listening = false;
    if (ping !== null) clearInterval(ping);
  });
  return {
    listening: () => listening,
    close() {
      if (listening) send(disconnectPacket());
      socket.close({});
    },
  };
}
