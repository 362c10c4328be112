/** The console's two dictionaries say the same things: the same keys, the same `{placeholders}`, no Chinese left empty. */
import { describe, expect, it } from 'vitest';
import { en } from '../console/src/texts/en.js';
import { zhCN } from '../console/src/texts/zh-CN.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console texts', () => {
  it('has every English key in Chinese and no other', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('fills the same placeholders in both languages', () => {
    const keys = Object.keys(en) as (keyof typeof en)[];
    const differing = keys.filter((key) => placeholders(en[key]).join() !== placeholders(zhCN[key]).join());
    expect(differing).toEqual([]);
  });

  it('leaves no Chinese text empty', () => {
    expect(Object.entries(zhCN).filter(([, text]) => text.trim() === '')).toEqual([]);
  });
});
