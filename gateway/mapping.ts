/**
 * Which fixed scanner belongs to which store: ESPresense rooms, OpenMQTTGateway / Theengs gateway
 * names and raw scanners, each tied to a tenant, a store and the anchor that stands for the
 * scanner's place in the store's site. Entries come from configuration and from the
 * `gateway_scanners` table; the broker's credentials decide who may publish on those topics, the
 * mapping decides what the gateway believes.
 */
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { SourceName } from './scan.js';

export const ScannerMapping = Type.Object(
  {
    source: Type.Union([
      Type.Literal('espresense'),
      Type.Literal('openmqttgateway'),
      Type.Literal('ibeacon-raw'),
    ]),
    /** ESPresense room, OpenMQTTGateway gateway name, or raw scanner id, as it appears in topics/payloads. */
    scanner: Type.String({ minLength: 1, maxLength: 128 }),
    tenant_id: Type.String({ format: 'uuid' }),
    store_id: Type.String({ format: 'uuid' }),
    /** Anchor id ("uuid:major:minor") of the scanner's position in the store's site. */
    anchor: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);
export type ScannerMapping = Static<typeof ScannerMapping>;

export const ScannerMappings = Type.Array(ScannerMapping);
const checkMappings = Compile(ScannerMappings);

export type ScannerLookup = (source: SourceName, scanner: string) => ScannerMapping | undefined;

/** Validates configured entries; throws naming the first bad one, since a bad mapping is a deploy error. */
export function parseMappings(value: unknown): ScannerMapping[] {
  if (checkMappings.Check(value)) return value;
  const [first] = checkMappings.Errors(value);
  throw new Error(`Gateway scanner mapping: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`);
}

export function scannerLookup(entries: readonly ScannerMapping[]): ScannerLookup {
  const byKey = new Map(entries.map((e) => [`${e.source}\u0000${e.scanner}`, e]));
  return (source, scanner) => byKey.get(`${source}\u0000${scanner}`);
}
