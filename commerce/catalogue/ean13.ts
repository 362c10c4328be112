/**
 * EAN-13 barcodes (GS1): twelve digits and a check digit. Pure, so the till, the import and the
 * API all reject the same mistyped codes.
 */

/** The check digit of the first twelve digits: weights 1,3,1,3… from the left, mod 10. */
export function ean13CheckDigit(first12: string): number {
  if (!/^[0-9]{12}$/.test(first12)) throw new RangeError('EAN-13 check digit needs exactly 12 digits');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** The reason a string is not a valid EAN-13, or undefined when it is one. */
export function ean13Problem(code: string): string | undefined {
  if (!/^[0-9]{13}$/.test(code)) return 'must be 13 digits';
  const expected = ean13CheckDigit(code.slice(0, 12));
  if (Number(code[12]) !== expected) return `has a wrong check digit (expected ${expected})`;
  return undefined;
}

export function isValidEan13(code: string): boolean {
  return ean13Problem(code) === undefined;
}

/** Completes twelve digits into a valid EAN-13 (used by the demo seed to mint barcodes). */
export function ean13(first12: string): string {
  return `${first12}${ean13CheckDigit(first12)}`;
}
