import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../server/schemas.js';
import { STAFF_ROLES } from './roles.js';

export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 8, maxLength: 200 });
export const StaffRoleSchema = Type.Union(STAFF_ROLES.map((r) => Type.Literal(r)));
export const BrandRoleSchema = Type.Union(
  STAFF_ROLES.filter((r) => r !== 'platform_admin').map((r) => Type.Literal(r)),
);

export const Tenant = Type.Object(
  { id: Uuid, slug: Type.String(), name: Type.String(), created_at: Timestamp, updated_at: Timestamp },
  { $id: 'Tenant' },
);
export type Tenant = Static<typeof Tenant>;

export const TenantCreate = Type.Object(
  {
    slug: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{1,39}$',
      description: 'Short name in URLs, e.g. "freshmart"',
    }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    admin: Type.Object(
      { email: Email, name: Type.String({ minLength: 1, maxLength: 200 }), password: Password },
      { additionalProperties: false, description: "The brand's first brand_admin" },
    ),
  },
  { additionalProperties: false },
);
export type TenantCreate = Static<typeof TenantCreate>;

export const TenantUpdate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type TenantUpdate = Static<typeof TenantUpdate>;

const Appid = Type.String({
  pattern: '^wx[0-9A-Za-z_]{4,40}$',
  description: "the mini-program's AppID, wx…",
});
const TemplateId = Type.String({ minLength: 1, maxLength: 128 });

export const MiniprogramSet = Type.Object(
  {
    appid: Appid,
    secret: Type.String({
      minLength: 8,
      maxLength: 128,
      description: 'its AppSecret; kept sealed, never shown again',
    }),
    reminder_template_id: Type.Optional(
      Type.Union([TemplateId, Type.Null()], {
        description: 'subscribe-message template for appointment reminders',
      }),
    ),
    order_status_template_id: Type.Optional(
      Type.Union([TemplateId, Type.Null()], {
        description:
          'subscribe-message template for order updates (ready to collect or out for delivery, refunded, lapsed unpaid); the mini-program asks the shopper for it at checkout',
      }),
    ),
  },
  { additionalProperties: false },
);
export type MiniprogramSet = Static<typeof MiniprogramSet>;

/** The app a brand's shoppers sign in to: its own, or (own false, the rest null) the server's. */
export const Miniprogram = Type.Object(
  {
    own: Type.Boolean({
      description:
        "true: the brand's own app, as set here; false: its shoppers use the server's mini-program (WECHAT_APPID, or the demo login without one)",
    }),
    appid: Type.Union([Appid, Type.Null()], { description: "the brand's own AppID; null without one" }),
    secret_set: Type.Boolean({ description: 'its AppSecret is kept (sealed, never shown)' }),
    reminder_template_id: Type.Union([TemplateId, Type.Null()]),
    order_status_template_id: Type.Union([TemplateId, Type.Null()]),
    updated_at: Type.Union([Timestamp, Type.Null()], { description: 'when the brand last set its own app' }),
  },
  { $id: 'Miniprogram' },
);
export type Miniprogram = Static<typeof Miniprogram>;

export const Staff = Type.Object(
  {
    id: Uuid,
    tenant_id: Type.Union([Uuid, Type.Null()]),
    email: Type.String(),
    name: Type.String(),
    role: StaffRoleSchema,
    store_ids: Type.Array(Uuid),
    active: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Staff' },
);
export type Staff = Static<typeof Staff>;

export const StaffCreate = Type.Object(
  {
    email: Email,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: BrandRoleSchema,
    store_ids: Type.Optional(Type.Array(Uuid, { uniqueItems: true, maxItems: 500 })),
    password: Password,
  },
  { additionalProperties: false },
);
export type StaffCreate = Static<typeof StaffCreate>;

export const StaffUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(BrandRoleSchema),
    store_ids: Type.Optional(Type.Array(Uuid, { uniqueItems: true, maxItems: 500 })),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type StaffUpdate = Static<typeof StaffUpdate>;

/** A signed-in staff member's own new password: they prove the current one, as at login. */
export const PasswordChange = Type.Object(
  { current_password: Type.String({ minLength: 1, maxLength: 200 }), new_password: Password },
  { additionalProperties: false },
);
export type PasswordChange = Static<typeof PasswordChange>;

export const LoginBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);

export const Session = Type.Object(
  {
    token: Type.String(),
    expires_in: Type.Integer({ description: 'seconds' }),
    principal: Type.Object({
      id: Uuid,
      kind: Type.Union([Type.Literal('staff'), Type.Literal('shopper')]),
      role: Type.String(),
      tenant_id: Type.Union([Uuid, Type.Null()]),
      store_ids: Type.Optional(Type.Array(Uuid)),
    }),
  },
  { $id: 'Session' },
);
