import { describe, expect, it } from 'vitest';
import { beaconCsv, parseBeaconCsv } from './csv.js';

const U = 'e2c56db5-dffb-48d2-b060-d0f5a71096e0';

describe('beacon CSV', () => {
  it('reads a spreadsheet export: any column order, BOM, upper-case UUID without dashes, blank lines', () => {
    const csv = `\uFEFFMinor,Major,UUID,x,y,name,tx_power\n1,7,E2C56DB5DFFB48D2B060D0F5A71096E0,1.5,2,"Door, left",-61\n\n2,7,${U},10,2,,\n`;
    const { beacons, problems } = parseBeaconCsv(csv);
    expect(problems).toEqual([]);
    expect(beacons).toEqual([
      { line: 2, uuid: U, major: 7, minor: 1, name: 'Door, left', x: 1.5, y: 2, tx_power: -61 },
      { line: 4, uuid: U, major: 7, minor: 2, name: null, x: 10, y: 2 },
    ]);
  });

  it('reports every bad line by its number and column, and returns no beacons from a bad file', () => {
    const csv = [
      'uuid,major,minor,x,y,level,battery_pct',
      `${U},1,1,0,0,0,90`,
      `not-a-uuid,1,2,0,0,0,90`,
      `${U},70000,3,0,0,0,90`,
      `${U},1,4,,0,0,90`,
      `${U},1,5,0,0,1.5,101`,
      `${U},1,1,3,3,0,90`,
    ].join('\n');
    const { problems } = parseBeaconCsv(csv);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'uuid'],
      [4, 'major'],
      [5, 'x'],
      [6, 'level'],
      [6, 'battery_pct'],
      [7, undefined],
    ]);
    expect(problems.at(-1)!.problem).toBe(`${U}:1:1 is already on line 2`);
  });

  it('refuses a file without the needed columns, or with columns it does not know', () => {
    expect(parseBeaconCsv('uuid,major\nx,1\n').problems).toEqual([
      { line: 1, problem: 'the header lacks minor, x, y' },
    ]);
    expect(parseBeaconCsv(`uuid,major,minor,x,y,colour\n${U},1,1,0,0,red\n`).problems[0]!.problem).toMatch(
      /unknown columns colour/,
    );
    expect(parseBeaconCsv(`uuid,major,minor,x,y\n"${U},1,1,0,0\n`).problems[0]!.line).toBe(2);
  });

  it('writes what it reads', () => {
    const row = {
      uuid: U,
      major: 1,
      minor: 2,
      name: 'Tills "east"',
      x: 3,
      y: 4,
      z: 3,
      level: 0,
      tx_power: -59,
      battery_pct: null,
      firmware: '2.1',
    };
    const text = beaconCsv([row]);
    const { beacons } = parseBeaconCsv(text);
    const { battery_pct: _none, ...rest } = row;
    expect(beacons[0]).toEqual({ line: 2, ...rest });
  });
});
