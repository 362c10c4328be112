import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ean13, ean13CheckDigit, ean13Problem, isValidEan13 } from './ean13.js';

describe('EAN-13', () => {
  it('accepts real barcodes', () => {
    // Nongfu Spring 550 ml, Coca-Cola 330 ml can (CN), a GS1 example.
    for (const code of ['6921168509256', '6954767423579', '4006381333931']) {
      expect(isValidEan13(code), code).toBe(true);
    }
  });

  it('names what is wrong', () => {
    expect(ean13Problem('692116850925')).toBe('must be 13 digits');
    expect(ean13Problem('69211685092a6')).toBe('must be 13 digits');
    expect(ean13Problem('6921168509257')).toBe('has a wrong check digit (expected 6)');
  });

  it('completes any twelve digits into a valid code', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), (first12) => {
        const code = ean13(first12);
        expect(isValidEan13(code)).toBe(true);
        expect(code.slice(0, 12)).toBe(first12);
      }),
    );
  });

  it('catches every single-digit typo', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{12}$/),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (first12, position, shift) => {
          const code = ean13(first12).split('');
          code[position] = String((Number(code[position]) + shift) % 10);
          expect(isValidEan13(code.join(''))).toBe(false);
        },
      ),
    );
  });

  it('refuses to compute a check digit for the wrong length', () => {
    expect(() => ean13CheckDigit('123')).toThrow(RangeError);
  });
});
