import { describe, expect, it } from 'vitest';
import { demoQuietNote } from './demo-campaigns.js';

describe("npm start's word on the demo campaigns' quiet hours", () => {
  it('says when offers go out while it is night at the demo stores, and nothing by day', () => {
    // 19:20 UTC is 03:20 in Shanghai, 04:00 UTC is noon.
    expect(demoQuietNote(new Date('2026-11-26T19:20:00Z'), 'Asia/Shanghai')).toBe(
      "it is 03:20 at the demo stores (Asia/Shanghai), in the campaigns' quiet hours (22:00–08:00): offers go out from 08:00, and until then the reports count the triggers as skipped",
    );
    expect(demoQuietNote(new Date('2026-11-26T04:00:00Z'), 'Asia/Shanghai')).toBeNull();
    // The quiet hours start at 22:00 sharp and end at 08:00 sharp, local time.
    expect(demoQuietNote(new Date('2026-11-26T14:00:00Z'), 'Asia/Shanghai')).toMatch(/^it is 22:00/);
    expect(demoQuietNote(new Date('2026-11-26T00:00:00Z'), 'Asia/Shanghai')).toBeNull();
  });
});
