import { describe, expect, it } from 'vitest';
import { retryDelayMs, signPayload, verifySignature } from './signature.js';

describe('webhook signatures', () => {
  const secret = 'whsec_test_secret_0123456789';
  const body = '{"id":"e1","type":"order.paid"}';

  it('verify with the same secret, body and a fresh timestamp only', () => {
    const ts = 1_764_000_000;
    const signature = signPayload(secret, ts, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, { signature, timestamp: String(ts) }, body, ts + 10)).toBe(true);
    expect(verifySignature('another-secret-0123456', { signature, timestamp: String(ts) }, body, ts)).toBe(
      false,
    );
    expect(verifySignature(secret, { signature, timestamp: String(ts) }, `${body} `, ts)).toBe(false);
    expect(verifySignature(secret, { signature, timestamp: String(ts + 1) }, body, ts)).toBe(false);
    expect(verifySignature(secret, { signature, timestamp: String(ts) }, body, ts + 301)).toBe(false);
    expect(verifySignature(secret, { signature: undefined, timestamp: String(ts) }, body, ts)).toBe(false);
  });
});

describe('retry delays', () => {
  it('double per attempt up to the cap, with jitter in the upper half', () => {
    expect(retryDelayMs(1, 1000, 60_000, 1)).toBe(1000);
    expect(retryDelayMs(1, 1000, 60_000, 0)).toBe(500);
    expect(retryDelayMs(4, 1000, 60_000, 1)).toBe(8000);
    expect(retryDelayMs(20, 1000, 60_000, 1)).toBe(60_000);
    expect(retryDelayMs(20, 1000, 60_000, 0)).toBe(30_000);
  });
});
