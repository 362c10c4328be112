/**
 * Pinyin initials of a product name, so a shopper types "nfsq" to find 农夫山泉. Latin letters
 * and digits are kept as they are (lower case), so "可口可乐330ml" is found by "kkkl330ml" too.
 */
import { pinyin } from 'pinyin-pro';

export function pinyinInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
