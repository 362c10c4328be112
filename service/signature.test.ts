import { describe, expect, it } from 'vitest';
import { pushSignature, signedBy } from './signature.js';

// sha1("1700000000812345smartstore"): token smartstore, timestamp 1700000000, nonce 812345, sorted.
const SIGNED = '516152ff69a7f56d4f1bea20f654d955a64bd68c';

describe('push signature', () => {
  it('is sha1 of token, timestamp and nonce sorted and joined, whatever order they come in', () => {
    expect(pushSignature(['smartstore', '1700000000', '812345'])).toBe(SIGNED);
    expect(pushSignature(['812345', 'smartstore', '1700000000'])).toBe(SIGNED);
  });

  it('checks a signature, in either case, and refuses another token, a changed nonce or none', () => {
    expect(signedBy(SIGNED, ['smartstore', '1700000000', '812345'])).toBe(true);
    expect(signedBy(SIGNED.toUpperCase(), ['smartstore', '1700000000', '812345'])).toBe(true);
    expect(signedBy(SIGNED, ['other-token', '1700000000', '812345'])).toBe(false);
    expect(signedBy(SIGNED, ['smartstore', '1700000000', '812346'])).toBe(false);
    expect(signedBy(undefined, ['smartstore', '1700000000', '812345'])).toBe(false);
    expect(signedBy('abc', ['smartstore', '1700000000', '812345'])).toBe(false);
  });

  it('does not mutate the parts it is given', () => {
    const parts = ['smartstore', '1700000000', '812345'];
    pushSignature(parts);
    expect(parts).toEqual(['smartstore', '1700000000', '812345']);
  });
});
