import { describe, expect, it } from 'vitest';
import { heardLog } from './heard.js';

describe('heard beacons', () => {
  it('keeps the latest time per beacon and brand, and starts afresh after each take', () => {
    const log = heardLog();
    const a = 'e2c56db5-dffb-48d2-b060-d0f5a71096e0:101:7';
    log.note('t1', [a], 2000);
    log.note('t1', [a], 1000);
    log.note('t2', [a], 500);
    expect(log.take()).toEqual(
      new Map([
        ['t1', [{ uuid: 'e2c56db5-dffb-48d2-b060-d0f5a71096e0', major: 101, minor: 7, at: new Date(2000) }]],
        ['t2', [{ uuid: 'e2c56db5-dffb-48d2-b060-d0f5a71096e0', major: 101, minor: 7, at: new Date(500) }]],
      ]),
    );
    expect(log.take().size).toBe(0);
  });
});
