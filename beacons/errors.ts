import { defineError } from '../server/errors.js';

export const BeaconTaken = defineError(
  'SS_ERR_BEACON_TAKEN',
  409,
  (anchor: string) => `${anchor} is already registered in another store of this brand`,
  () => 'uuid',
);
