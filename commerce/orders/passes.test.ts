import { describe, expect, it } from 'vitest';
import { exitPass, newPickupCode, qrDataUrl, verifyExitPass } from './passes.js';

const order = '3f2b8f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('passes', () => {
  it('makes six-digit pickup codes', () => {
    for (let i = 0; i < 100; i++) expect(newPickupCode()).toMatch(/^[0-9]{6}$/);
  });

  it('accepts its own exit pass and refuses a forged or altered one', () => {
    const pass = exitPass('server-key', order);
    expect(verifyExitPass('server-key', pass)).toBe(order);
    expect(verifyExitPass('other-key', pass)).toBeUndefined();
    expect(verifyExitPass('server-key', pass.replace(order, order.replace('3f', '4f')))).toBeUndefined();
    expect(verifyExitPass('server-key', 'ss-exit:nonsense')).toBeUndefined();
  });

  it('renders a QR code as a PNG data URL', async () => {
    expect(await qrDataUrl(exitPass('k', order))).toMatch(/^data:image\/png;base64,/);
  });
});
