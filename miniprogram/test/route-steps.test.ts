/**
 * The walk's steps worded on the phone from the server's codes, in both languages: every turn and
 * compass heading, the connectors and floors, both ends, and the server's English for a step the
 * phone does not know. Against the real server: shopper-stories.test.ts.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RouteStep } from '../../venues/schemas.js';
import { HEADINGS, TURNS } from '../../venues/step-codes.js';
import { stepWords } from '../src/lib/route-steps';
import { type FakeWx, installWx } from './support/wx-fake';

let fake: FakeWx;
beforeAll(() => {
  fake = installWx();
});
afterEach(() => {
  fake.language = 'en';
});

const step = (fields: Partial<RouteStep> & Pick<RouteStep, 'kind'>): RouteStep => ({
  instruction: 'as the server says it',
  distance_m: 4,
  level: 0,
  x: 1,
  y: 2,
  ...fields,
});
const inBoth = (s: RouteStep) => {
  fake.language = 'en';
  const english = stepWords(s);
  fake.language = 'zh_CN';
  return [english, stepWords(s)];
};

describe('a step in the shopper’s language', () => {
  it('words every turn, with and without the shelf it happens at', () => {
    const words = TURNS.map((turn) => inBoth(step({ kind: 'turn', turn })));
    expect(words).toEqual([
      ['Bear left', '稍向左'],
      ['Turn left', '左转'],
      ['Bear right', '稍向右'],
      ['Turn right', '右转'],
      ['Turn around', '掉头'],
      ['Step off and walk on', '下来后继续往前走'],
    ]);
    expect(inBoth(step({ kind: 'turn', turn: 'left', landmark: 'Aisle 7' }))).toEqual([
      'Turn left at Aisle 7',
      '在Aisle 7左转',
    ]);
  });

  it('sets off the way of every compass heading, from a named place, beside a shelf, or nowhere named', () => {
    const words = HEADINGS.map((heading) => inBoth(step({ kind: 'depart', heading })));
    expect(words).toEqual([
      ['Start and head east', '出发，向东走'],
      ['Start and head north-east', '出发，向东北走'],
      ['Start and head north', '出发，向北走'],
      ['Start and head north-west', '出发，向西北走'],
      ['Start and head west', '出发，向西走'],
      ['Start and head south-west', '出发，向西南走'],
      ['Start and head south', '出发，向南走'],
      ['Start and head south-east', '出发，向东南走'],
    ]);
    expect(inBoth(step({ kind: 'depart', place: 'Entrance', heading: 'north' }))).toEqual([
      'Start at Entrance and head north',
      '从Entrance出发，向北走',
    ]);
    expect(inBoth(step({ kind: 'depart', landmark: 'Tills' }))).toEqual(['Start at Tills', '从Tills出发']);
  });

  it('takes the escalator, the lift or the stairs to a floor: its map name in English, its number in Chinese', () => {
    const ride = (connector: RouteStep['connector'], to_level: number, to_level_name?: string) =>
      inBoth(step({ kind: 'connector', connector, to_level, ...(to_level_name ? { to_level_name } : {}) }));
    expect(ride({ kind: 'escalator' }, 1, 'First floor')).toEqual([
      'Take the escalator to First floor',
      '乘扶梯到二楼',
    ]);
    expect(ride({ kind: 'lift', name: 'Lift A' }, 0, 'Ground floor')).toEqual([
      'Take Lift A to Ground floor',
      '乘Lift A到一楼',
    ]);
    expect(ride({ kind: 'escalator', name: 'Escalator' }, 1, 'Level 1')).toEqual([
      'Take the escalator to Level 1',
      '乘扶梯到二楼',
    ]);
    expect(ride({ kind: 'stairs' }, -1)).toEqual(['Take the stairs to basement 1', '走楼梯到地下一层']);
    expect(ride({ kind: 'lift' }, 11)).toEqual(['Take the lift to floor 12', '乘电梯到12楼']);
  });

  it('arrives at the product, or at a destination with no name', () => {
    expect(inBoth(step({ kind: 'arrive', place: 'Oatly燕麦奶 1L (Aisle 7 bay 2, slot 3)' }))).toEqual([
      'Arrive at Oatly燕麦奶 1L (Aisle 7 bay 2, slot 3)',
      '到达Oatly燕麦奶 1L (Aisle 7 bay 2, slot 3)',
    ]);
    expect(inBoth(step({ kind: 'arrive' }))).toEqual(['Arrive at your destination', '到达目的地']);
  });

  it("shows the server's English for a step it cannot word: a kind or a turn it does not know, a connector without its level", () => {
    const unknown = [
      step({ kind: 'board_ferry' as RouteStep['kind'] }),
      step({ kind: 'turn', turn: 'u_turn_twice' as RouteStep['turn'] }),
      step({ kind: 'turn' }),
      step({ kind: 'connector', connector: { kind: 'escalator' } }),
    ];
    for (const s of unknown) expect(inBoth(s)).toEqual(['as the server says it', 'as the server says it']);
  });
});
