/**
 * Golden payloads for every adapter: each `test/in/<case>.json` ({topic, payload}) is adapted and
 * compared with `test/out/<case>.json`. `REGEN=1 npx vitest run gateway/adapters` rewrites the
 * outputs; read the diff before committing it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scannerLookup } from '../mapping.js';
import { adaptMessage, DEFAULT_SOURCE_TOPICS, MAX_PAYLOAD_BYTES, topicMatches } from './index.js';

const dir = new URL('./test/', import.meta.url);
const NOW = 1_764_200_000_000;
const T1 = '11111111-1111-4111-8111-111111111111';
const S1 = '22222222-2222-4222-8222-222222222222';
const scanners = scannerLookup([
  { source: 'espresense', scanner: 'aisle-3', tenant_id: T1, store_id: S1, anchor: 'node:aisle-3' },
  {
    source: 'openmqttgateway',
    scanner: 'omg-entrance',
    tenant_id: T1,
    store_id: S1,
    anchor: 'node:entrance',
  },
  { source: 'ibeacon-raw', scanner: 'raw-1', tenant_id: T1, store_id: S1, anchor: 'node:raw-1' },
  {
    source: 'ibeacon-raw',
    scanner: 'raw-other',
    tenant_id: '33333333-3333-4333-8333-333333333333',
    store_id: '44444444-4444-4444-8444-444444444444',
    anchor: 'node:raw-other',
  },
]);

function adapt(topic: string, payload: unknown) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return adaptMessage(DEFAULT_SOURCE_TOPICS, topic, Buffer.from(body), NOW, scanners);
}

describe('golden payloads', () => {
  const cases = readdirSync(new URL('in/', dir)).filter((f) => f.endsWith('.json'));
  it('has a case for every adapter', () => {
    for (const prefix of ['miniprogram-', 'espresense-', 'omg-', 'raw-']) {
      expect(cases.some((c) => c.startsWith(prefix))).toBe(true);
    }
  });
  for (const file of cases) {
    it(file.replace('.json', ''), () => {
      const input = JSON.parse(readFileSync(new URL(`in/${file}`, dir), 'utf8'));
      const before = JSON.stringify(input);
      const output = adapt(input.topic, input.payload);
      expect(JSON.stringify(input)).toBe(before);
      const outFile = new URL(`out/${file}`, dir);
      if (process.env.REGEN) writeFileSync(outFile, `${JSON.stringify(output, null, 2)}\n`);
      expect(output).toEqual(JSON.parse(readFileSync(outFile, 'utf8')));
    });
  }
});

describe('hostile payloads', () => {
  const topic = `ss/${T1}/${S1}/scan/miniprogram`;

  it('refuses a huge payload before parsing it', () => {
    const huge = `{"token":"x","beacons":[${'{"uuid":"x","major":1,"minor":1,"rssi":-1},'.repeat(5000)}]}`;
    expect(huge.length).toBeGreaterThan(MAX_PAYLOAD_BYTES);
    expect(adapt(topic, huge)).toMatchObject({ ok: false, reason: 'too-large', tenantId: T1 });
  });

  it('refuses more beacons than a phone can hear, deeply nested and odd JSON', () => {
    const many = Array.from({ length: 201 }, (_, i) => ({
      uuid: 'e2c56db5-dffb-48d2-b060-d0f5a71096e0',
      major: 1,
      minor: i,
      rssi: -70,
    }));
    expect(adapt(topic, { token: 'x', beacons: many })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(adapt(topic, `${'['.repeat(3000)}${']'.repeat(3000)}`)).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    for (const odd of ['null', '"string"', '42', '', '\u0000\u0001']) {
      expect(adapt(topic, odd).ok, JSON.stringify(odd)).toBe(false);
    }
  });

  it('ignores a __proto__ key rather than letting it reach an object', () => {
    const result = adapt(topic, '{"token":"x","beacons":[],"__proto__":{"polluted":true}}');
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('topic filters', () => {
  it('match with + and #', () => {
    expect(topicMatches('ss/+/+/scan/miniprogram', `ss/a/b/scan/miniprogram`)).toBe(true);
    expect(topicMatches('ss/+/+/scan/miniprogram', `ss/a/b/scan/miniprogram/x`)).toBe(false);
    expect(topicMatches('home/#', 'home/a/BTtoMQTT/b')).toBe(true);
    expect(topicMatches('home/+/BTtoMQTT/+', 'home/a/BTtoMQTT')).toBe(false);
  });
});
