import { defineError } from '../server/errors.js';

export const StoreCodeTaken = defineError(
  'SS_ERR_STORE_CODE_TAKEN',
  409,
  (code: string) => `This brand already has a store with code ${code}`,
  () => 'code',
);
