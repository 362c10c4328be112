/**
 * The live feed of a store's positions for the console: fixes are read back from their MQTT topic,
 * so a console connected to any server instance sees the fixes of every gateway. One broker
 * subscription per store however many consoles watch it.
 */
import type { MqttClient } from 'mqtt';

export type LiveListener = (fix: string) => void;

export interface LiveFeed {
  /** Calls `listener` with each fix (JSON) of the store; returns the unsubscribe. */
  watch(tenantId: string, storeId: string, listener: LiveListener): () => void;
}

export function liveFeed(client: MqttClient): LiveFeed {
  const watchers = new Map<string, Set<LiveListener>>();
  client.on('message', (topic, payload) => {
    if (!topic.startsWith('ss/') || watchers.size === 0) return;
    const parts = topic.split('/');
    if (parts.length !== 5 || parts[3] !== 'position') return;
    const listeners = watchers.get(`${parts[1]}/${parts[2]}`);
    if (!listeners) return;
    const fix = payload.toString();
    for (const listener of listeners) listener(fix);
  });
  return {
    watch(tenantId, storeId, listener) {
      const key = `${tenantId}/${storeId}`;
      let listeners = watchers.get(key);
      if (!listeners) {
        listeners = new Set();
        watchers.set(key, listeners);
        client.subscribe(`ss/${key}/position/+`, { qos: 0 });
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && watchers.get(key) === listeners) {
          watchers.delete(key);
          client.unsubscribe(`ss/${key}/position/+`);
        }
      };
    },
  };
}
