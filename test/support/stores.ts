import { expect } from 'vitest';
import type { Anchor } from '../../positioning/index.js';
import type { VenueSpec } from '../../sim/index.js';
import { demoMap } from '../../venues/index.js';
import type { TestApp } from './app.js';

/**
 * A new store as POST /stores takes it, for tests that open one of their own: in Shanghai, open the
 * same hours every day (08:00–22:00 unless given), no exceptions; the rest as the test says.
 */
export function newStore(
  fields: { code: string; name: string; address?: string; location?: { lat: number; lng: number } },
  daily: { open: string; close: string }[] = [{ open: '08:00', close: '22:00' }],
) {
  return {
    address: 'Shanghai',
    location: { lat: 31.2, lng: 121.4 },
    timezone: 'Asia/Shanghai',
    ...fields,
    hours: {
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, daily])),
      exceptions: [] as { date: string; closed: boolean; note?: string }[],
    },
  };
}

/**
 * A new store of the brand, opened by `admin`, with a demo map drawn by `spec` (shelving rows, a stock
 * room, tills) and no beacons yet; answers its id and the beacons `spec` would hang, for a test to import.
 */
export async function storeWithMap(
  t: TestApp,
  admin: string,
  fields: { code: string; name: string },
  spec: Omit<VenueSpec, 'id'>,
): Promise<{ id: string; anchors: readonly Anchor[] }> {
  const created = await t.call(admin, { method: 'POST', url: '/api/v1/stores', payload: newStore(fields) });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const { map, anchors } = demoMap({ id: fields.code, ...spec }, []);
  const saved = await t.call(admin, { method: 'PUT', url: `/api/v1/stores/${id}/map`, payload: map });
  expect(saved.statusCode, saved.body).toBe(200);
  return { id, anchors };
}
