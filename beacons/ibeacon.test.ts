import { describe, expect, it } from 'vitest';
import { iBeaconId, normaliseUuid, parseIBeaconAdvert } from './ibeacon.js';

const UUID = 'e2c56db5-dffb-48d2-b060-d0f5a71096e0';
const FRAME = `4c000215${UUID.replaceAll('-', '')}0001002ac5`;

describe('parseIBeaconAdvert', () => {
  it('reads uuid, major, minor and the signed 1 m power', () => {
    expect(parseIBeaconAdvert(FRAME)).toEqual({
      ok: true,
      beacon: { uuid: UUID, major: 1, minor: 42, txPower: -59 },
    });
  });

  it('accepts upper case and the AD header some bridges keep', () => {
    const parsed = parseIBeaconAdvert(`1aff${FRAME}`.toUpperCase());
    expect(parsed).toMatchObject({ ok: true, beacon: { uuid: UUID, major: 1, minor: 42 } });
  });

  it('reads the largest major and minor', () => {
    const parsed = parseIBeaconAdvert(`4c000215${UUID.replaceAll('-', '')}ffffffff00`);
    expect(parsed).toMatchObject({ ok: true, beacon: { major: 65535, minor: 65535, txPower: 0 } });
  });

  it.each([
    ['', 'not-ibeacon'],
    ['4c00021', 'not-hex'],
    ['zz000215', 'not-hex'],
    ['4c000216aabb', 'not-ibeacon'],
    ['0600010920', 'not-ibeacon'],
    [FRAME.slice(0, 40), 'truncated'],
    ['4c'.repeat(400), 'not-ibeacon'],
  ])('refuses %j as %s', (hex, problem) => {
    expect(parseIBeaconAdvert(hex)).toEqual({ ok: false, problem });
  });
});

describe('identities', () => {
  it('normalises uuids with or without dashes and refuses others', () => {
    expect(normaliseUuid(UUID.toUpperCase())).toBe(UUID);
    expect(normaliseUuid(UUID.replaceAll('-', ''))).toBe(UUID);
    expect(normaliseUuid('not-a-uuid')).toBeUndefined();
  });

  it('names an anchor uuid:major:minor', () => {
    expect(iBeaconId({ uuid: UUID, major: 1, minor: 42 })).toBe(`${UUID}:1:42`);
  });
});
