import { describe, expect, it } from 'vitest';
import { fillReply, hoursText, keywordReply } from './answers.js';

const replies = [
  { title: 'Hours', keywords: ['营业时间', 'Opening hours'] },
  { title: 'Delivery', keywords: ['配送'] },
  { title: 'No keywords', keywords: [] },
];
const nanjing = { name: 'Nanjing Rd', hours_today: [{ open: '08:00', close: '22:00' }] };
const split = {
  name: 'Xujiahui',
  hours_today: [
    { open: '09:00', close: '12:00' },
    { open: '14:00', close: '21:00' },
  ],
};

describe('keywordReply', () => {
  it('finds the first reply with a keyword the message holds, any case', () => {
    expect(keywordReply('请问你们的营业时间是？', replies)?.title).toBe('Hours');
    expect(keywordReply('what are your OPENING HOURS', replies)?.title).toBe('Hours');
    expect(keywordReply('可以配送吗', replies)?.title).toBe('Delivery');
  });

  it('finds none for a message without a keyword (a reply without keywords never answers by itself)', () => {
    expect(keywordReply('你好', replies)).toBeUndefined();
    expect(keywordReply('', replies)).toBeUndefined();
  });
});

describe('fillReply', () => {
  it("puts the store's hours today in place of {store_hours}", () => {
    expect(fillReply('今天营业：{store_hours}', [nanjing])).toBe('今天营业：08:00–22:00');
    expect(fillReply('{store_hours}', [split])).toBe('09:00–12:00、14:00–21:00');
    expect(fillReply('{store_hours}', [{ name: 'Closed', hours_today: [] }])).toBe('今日休息');
  });

  it('names each store for a brand-level conversation, and leaves a text without the placeholder as it is', () => {
    expect(hoursText([nanjing, split])).toBe('Nanjing Rd 08:00–22:00；Xujiahui 09:00–12:00、14:00–21:00');
    expect(fillReply('稍等', [nanjing])).toBe('稍等');
  });
});
