/** Customer service's coded errors, each made once; clients and tests match on the code. */
import { defineError } from '../server/errors.js';

export const PushNotSet = defineError(
  'SS_ERR_SERVICE_PUSH_NOT_SET',
  404,
  () => 'This brand has not set customer-service message push (PUT /service/settings)',
);

export const PushSignatureInvalid = defineError(
  'SS_ERR_SERVICE_SIGNATURE_INVALID',
  401,
  (which: 'signature' | 'msg_signature') => `The push's ${which} is not WeChat's for this brand's token`,
  (which: 'signature' | 'msg_signature') => which,
);

/** A plaintext push's body is not signed (WeChat signs token, timestamp and nonce only): an old signature is refused. */
export const PushStale = defineError(
  'SS_ERR_SERVICE_PUSH_STALE',
  401,
  () => "The push's timestamp is more than 10 minutes from the server's clock",
  () => 'timestamp',
);

export const PushUnreadable = defineError(
  'SS_ERR_SERVICE_PUSH_UNREADABLE',
  400,
  (why: string) => why,
  () => 'Encrypt',
);

/** WeChat 45015: a brand may answer only within 48 hours of the shopper's last message. */
export const ReplyTooLate = defineError(
  'SS_ERR_SERVICE_REPLY_TOO_LATE',
  409,
  () =>
    "WeChat takes replies only within 48 hours of the shopper's last message; the reply was kept, not sent",
);

/** WeChat 45047: too many replies since the shopper's last message. */
export const ReplyLimit = defineError(
  'SS_ERR_SERVICE_REPLY_LIMIT',
  409,
  () => 'WeChat takes no more replies until the shopper writes again; the reply was kept, not sent',
);

export const ReplyRefused = defineError(
  'SS_ERR_SERVICE_REPLY_REFUSED',
  502,
  (errcode: number, errmsg: string) =>
    `WeChat refused the reply (${errcode}: ${errmsg}); it was kept, not sent`,
);

export const NoMiniprogram = defineError(
  'SS_ERR_SERVICE_NO_MINIPROGRAM',
  503,
  () =>
    'No WeChat mini-program is set for this brand, so replies cannot be sent; the reply was kept, not sent',
);

export const ConversationClosed = defineError(
  'SS_ERR_SERVICE_CONVERSATION_CLOSED',
  409,
  () => 'The conversation is closed: reopen it to reply',
);
