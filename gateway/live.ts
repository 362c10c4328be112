/**
 * The live feed of a store for the console: its fixes, and its shoppers' arrivals and departures
 * (the visits stage's, which tell shoppers inside from passers-by heard through the window), read
 * back from their MQTT topics, so a console connected to any server instance sees those of every
 * gateway. One broker subscription per store and topic however many consoles watch it.
 */
import type { MqttClient } from 'mqtt';

/** Called with each message as published: a Fix, or an arrival or departure event (JSON). */
export type LiveListener = (message: string) => void;

const KINDS = ['position', 'visit'];

export interface LiveFeed {
  /** Calls `listener` with each fix and visit event of the store; returns the unsubscribe. */
  watch(tenantId: string, storeId: string, listener: LiveListener): () => void;
}

export function liveFeed(client: MqttClient): LiveFeed {
  const watchers = new Map<string, Set<LiveListener>>();
  client.on('message', (topic, payload) => {
    if (!topic.startsWith('ss/') || watchers.size === 0) return;
    const parts = topic.split('/');
    if (parts.length !== 5 || !KINDS.includes(parts[3]!)) return;
    const listeners = watchers.get(`${parts[1]}/${parts[2]}`);
    if (!listeners) return;
    const message = payload.toString();
    for (const listener of listeners) listener(message);
  });
  return {
    watch(tenantId, storeId, listener) {
      const key = `${tenantId}/${storeId}`;
      let listeners = watchers.get(key);
      if (!listeners) {
        listeners = new Set();
        watchers.set(key, listeners);
        client.subscribe(
          KINDS.map((kind) => `ss/${key}/${kind}/+`),
          { qos: 0 },
        );
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && watchers.get(key) === listeners) {
          watchers.delete(key);
          client.unsubscribe(KINDS.map((kind) => `ss/${key}/${kind}/+`));
        }
      };
    },
  };
}
