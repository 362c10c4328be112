import { defineError } from '../server/errors.js';

export const StatusMoveRefused = defineError(
  'SS_ERR_CAMPAIGN_STATUS',
  409,
  (from: string, to: string) => `A campaign cannot go from ${from} to ${to}`,
  () => 'status',
);
export const CampaignEnded = defineError(
  'SS_ERR_CAMPAIGN_ENDED',
  409,
  () => 'An ended campaign cannot be changed',
);
export const ZonesDeleted = defineError(
  'SS_ERR_CAMPAIGN_ZONES_DELETED',
  409,
  (zones: string[]) =>
    `The campaign fires in zones no longer on its stores' maps (${zones.join(', ')}): pick its zones again first`,
  () => 'trigger.zones',
);
