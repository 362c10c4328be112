import { describe, expect, it } from 'vitest';
import { pinyinInitials } from './initials.js';

describe('pinyinInitials', () => {
  it('takes the first letter of each syllable and keeps Latin letters and digits', () => {
    expect(pinyinInitials('农夫山泉')).toBe('nfsq');
    expect(pinyinInitials('可口可乐 330ml')).toBe('kkkl330ml');
    expect(pinyinInitials('Oatly 燕麦奶')).toBe('oatlyymn');
  });

  it('reads polyphonic characters as they are read in product names', () => {
    expect(pinyinInitials('长城干红')).toBe('ccgh');
  });
});
