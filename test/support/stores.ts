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
