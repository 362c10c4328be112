/** The signed-in staff member's own account (tenancy/password-routes.ts): their password. */
import type { PasswordChange } from '../../tenancy/schemas.js';
import { api } from './api';

/** A fresh session comes back: the change refuses every earlier token of the account, this tab's too. */
export const changeOwnPassword = (body: PasswordChange) =>
  api.send<{ token: string }>('PUT', '/me/password', body);
