import { defineError } from '../server/errors.js';

export const SlugTaken = defineError(
  'SS_ERR_TENANT_SLUG_TAKEN',
  409,
  (slug: string) => `A brand with slug "${slug}" already exists`,
  () => 'slug',
);
export const EmailTaken = defineError(
  'SS_ERR_STAFF_EMAIL_TAKEN',
  409,
  (email: string) => `An account with email ${email} already exists`,
  () => 'email',
);
export const AppidTaken = defineError(
  'SS_ERR_MINIPROGRAM_TAKEN',
  409,
  (appid: string) => `The mini-program ${appid} is another brand's`,
  () => 'appid',
);
export const LoginFailed = defineError('SS_ERR_LOGIN_FAILED', 401, () => 'Email or password is wrong');
export const StoresNeeded = defineError(
  'SS_ERR_STORES_NEEDED',
  400,
  () => 'A store manager or clerk works at one store at least: name their stores',
  () => 'store_ids',
);

export const OwnAccess = defineError(
  'SS_ERR_OWN_ACCESS',
  409,
  (_field: 'active' | 'role') =>
    'You cannot deactivate your own account or change your own role: another brand admin can',
  (field: 'active' | 'role') => field,
);

export const UnknownStores = defineError(
  'SS_ERR_STORE_UNKNOWN',
  400,
  (ids: string[]) => `No such store in this brand: ${ids.join(', ')}`,
  () => 'store_ids',
);

export const PasswordWrong = defineError(
  'SS_ERR_PASSWORD_WRONG',
  400,
  () => 'Your current password is wrong',
  () => 'current_password',
);

export const PasswordUnchanged = defineError(
  'SS_ERR_PASSWORD_UNCHANGED',
  400,
  () => 'The new password must differ from your current one',
  () => 'new_password',
);

export const TooManyWrongPasswords = defineError(
  'SS_ERR_TOO_MANY_ATTEMPTS',
  429,
  (minutes: number) =>
    `Too many wrong passwords for this account: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
  () => 'password',
);
