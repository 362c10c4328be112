import { defineError } from '../server/errors.js';

export const BeaconTaken = defineError(
  'SS_ERR_BEACON_TAKEN',
  409,
  (anchor: string) => `${anchor} is already registered in another store of this brand`,
  () => 'uuid',
);

export const BeaconOffMap = defineError(
  'SS_ERR_BEACON_OFF_MAP',
  400,
  (field: string, problem: string) => `${field} ${problem}`,
  (field: string) => field,
);

export const IdentitiesExhausted = defineError(
  'SS_ERR_BEACON_IDENTITIES_EXHAUSTED',
  409,
  (uuid: string) => `Every major and minor of ${uuid} is taken in this brand: give the beacon another uuid`,
  () => 'uuid',
);
