/** Schemas shared by every domain's routes. */
import { Type } from 'typebox';

/** The largest value of Postgres' `integer`: a count or an amount the API takes must fit its column. */
export const INT4_MAX = 2_147_483_647;

export const Uuid = Type.String({ format: 'uuid' });
export const Timestamp = Type.String({ format: 'date-time' });
export const IdParams = Type.Object({ id: Uuid });

export const ErrorBody = Type.Object(
  { code: Type.String({ pattern: '^SS_ERR_' }), message: Type.String(), field: Type.Optional(Type.String()) },
  {
    $id: 'ErrorBody',
    description: 'Every error: a stable code to match on, a message for people, the field at fault.',
  },
);

const errorRef = Type.Ref('ErrorBody');
/** Standard error responses a route documents beside its success response. */
export const errorResponses = {
  400: errorRef,
  401: errorRef,
  403: errorRef,
  404: errorRef,
  409: errorRef,
};

export const bearer = [{ bearerAuth: [] }];
