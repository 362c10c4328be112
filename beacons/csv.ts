/**
 * Beacon lists as CSV, the way installers keep them in a spreadsheet. Import checks every line
 * first and reports each bad one by its line number; the caller writes only a clean file, so an
 * import is all or nothing.
 */
import { parse } from 'csv-parse/sync';
import type { BeaconInput } from './beacon.js';

export const CSV_COLUMNS = [
  'uuid',
  'major',
  'minor',
  'name',
  'x',
  'y',
  'z',
  'level',
  'tx_power',
  'battery_pct',
  'firmware',
] as const;
const REQUIRED = ['uuid', 'major', 'minor', 'x', 'y'] as const;

export interface CsvProblem {
  line: number;
  column?: string;
  problem: string;
}

export interface ParsedCsv {
  beacons: (BeaconInput & { line: number })[];
  problems: CsvProblem[];
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** "E2C56DB5DFFB48D2B060D0F5A71096E0" or with dashes → lower case with dashes. */
export function canonicalUuid(text: string): string | undefined {
  if (!UUID.test(text)) return undefined;
  const h = text.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function number(
  raw: string | undefined,
  column: string,
  line: number,
  problems: CsvProblem[],
  { integer = false, min = -1e6, max = 1e6 } = {},
): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    problems.push({
      line,
      column,
      problem: `"${raw}" is not ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`,
    });
    return undefined;
  }
  return value;
}

export function parseBeaconCsv(text: string): ParsedCsv {
  const problems: CsvProblem[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { beacons: [], problems: [{ line: e.lines ?? 1, problem: e.message }] };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (records.length > 0 && missing.length > 0)
    return { beacons: [], problems: [{ line: 1, problem: `the header lacks ${missing.join(', ')}` }] };
  const unknown = header.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0)
    return {
      beacons: [],
      problems: [
        { line: 1, problem: `unknown columns ${unknown.join(', ')} (expected ${CSV_COLUMNS.join(', ')})` },
      ],
    };

  const beacons: ParsedCsv['beacons'] = [];
  const seen = new Map<string, number>();
  for (const { record: r, info } of records) {
    const line = info.lines;
    const before = problems.length;
    const uuid = canonicalUuid(r['uuid'] ?? '');
    if (!uuid) problems.push({ line, column: 'uuid', problem: `"${r['uuid'] ?? ''}" is not a UUID` });
    const major = number(r['major'], 'major', line, problems, { integer: true, min: 0, max: 65535 });
    const minor = number(r['minor'], 'minor', line, problems, { integer: true, min: 0, max: 65535 });
    const x = number(r['x'], 'x', line, problems);
    const y = number(r['y'], 'y', line, problems);
    const z = number(r['z'], 'z', line, problems, { min: 0, max: 100 });
    const level = number(r['level'], 'level', line, problems, { integer: true, min: -10, max: 100 });
    const txPower = number(r['tx_power'], 'tx_power', line, problems, { integer: true, min: -120, max: 20 });
    const battery = number(r['battery_pct'], 'battery_pct', line, problems, {
      integer: true,
      min: 0,
      max: 100,
    });
    for (const column of REQUIRED) {
      if ((r[column] ?? '') === '') problems.push({ line, column, problem: 'is empty' });
    }
    if (problems.length > before) continue;
    const identity = `${uuid}:${major}:${minor}`;
    const twin = seen.get(identity);
    if (twin !== undefined) {
      problems.push({ line, problem: `${identity} is already on line ${twin}` });
      continue;
    }
    seen.set(identity, line);
    beacons.push({
      line,
      uuid: uuid!,
      major: major!,
      minor: minor!,
      name: r['name'] || null,
      x: x!,
      y: y!,
      ...(z !== undefined ? { z } : {}),
      ...(level !== undefined ? { level } : {}),
      ...(txPower !== undefined ? { tx_power: txPower } : {}),
      ...(battery !== undefined ? { battery_pct: battery } : {}),
      ...(r['firmware'] ? { firmware: r['firmware'] } : {}),
    });
  }
  return { beacons, problems };
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function beaconCsv(beacons: readonly Record<(typeof CSV_COLUMNS)[number], unknown>[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const b of beacons) lines.push(CSV_COLUMNS.map((c) => cell(b[c])).join(','));
  return `${lines.join('\n')}\n`;
}
