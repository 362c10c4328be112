/** The members domain's coded errors, each made once; clients and tests match on the code. */
import { defineError } from '../server/errors.js';

export const TierTaken = defineError(
  'SS_ERR_TIER_TAKEN',
  409,
  (what: 'code' | 'rank') => `This brand's ladder already has a tier with this ${what}`,
  (what: 'code' | 'rank') => what,
);

export const TierUnknown = defineError(
  'SS_ERR_TIER_UNKNOWN',
  400,
  (code: string, _field: string) => `The brand's ladder has no tier ${code}`,
  (_code: string, field: string) => field,
);

export const MemberTaken = defineError(
  'SS_ERR_MEMBER_TAKEN',
  409,
  (what: 'phone' | 'member_no') => `Another member of this brand has this ${what}`,
  (what: 'phone' | 'member_no') => what,
);

export const MemberCardInUse = defineError(
  'SS_ERR_MEMBER_CARD_IN_USE',
  409,
  () =>
    'Your mini-program membership already has points or history; staff can merge it with your card at the counter',
);

export const PointsInsufficient = defineError(
  'SS_ERR_POINTS_INSUFFICIENT',
  409,
  (balance: number, change: number) => `The member has ${balance} points; cannot take ${-change}`,
  () => 'points',
);
export const ReferralClosed = defineError(
  'SS_ERR_REFERRAL_CLOSED',
  409,
  () => 'The brand has no referral programme running',
);
export const ReferralRefused = defineError(
  'SS_ERR_REFERRAL_REFUSED',
  409,
  (why: string) => why,
  () => 'code',
);

export const BirthdaySet = defineError(
  'SS_ERR_BIRTHDAY_SET',
  409,
  (birthday: string) => `Your birthday is already set (${birthday}); staff at the counter can correct it`,
  () => 'birthday',
);

export const AddressBookFull = defineError(
  'SS_ERR_ADDRESS_BOOK_FULL',
  409,
  (most: number) => `Your address book holds ${most} addresses; delete one you no longer use to add another`,
);
