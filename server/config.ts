/**
 * Configuration from environment variables, validated once at start.
 * Pure: `loadConfig(env)` reads only what it is given, so tests pass their own env.
 */
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

const Url = (protocols: string[]) => Type.String({ pattern: `^(${protocols.join('|')})://` });

export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  DATABASE_URL: Url(['postgres', 'postgresql']),
  REDIS_URL: Url(['redis', 'rediss']),
  /** Unset: an embedded broker (aedes) starts in-process on MQTT_EMBEDDED_PORT / MQTT_EMBEDDED_WS_PORT. */
  MQTT_URL: Type.Optional(Url(['mqtt', 'mqtts', 'ws', 'wss', 'tcp'])),
  // 1884/8884, not 1883: a Mosquitto on the same machine keeps its standard port.
  MQTT_EMBEDDED_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 1884 }),
  MQTT_EMBEDDED_WS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8884 }),
  /**
   * Where the embedded broker listens: this machine only by default; 0.0.0.0 lets the shop's fixed scanners
   * and phones reach it (each logs in: server/mqtt-access.ts).
   */
  MQTT_EMBEDDED_HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  /** Whether the embedded broker lets clients without a login publish scans (allow: a local broker to try things on). */
  MQTT_ANONYMOUS_SCANS: Type.Union([Type.Literal('deny'), Type.Literal('allow')], { default: 'deny' }),
  /** Unset: generated once and kept in DATA_DIR/jwt-secret (demo only). */
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  JWT_TTL_S: Type.Integer({ minimum: 60, default: 12 * 3600 }),
  /** Seals secrets kept in the database (brands' mini-program secrets). Unset: generated once and kept in DATA_DIR/sealing-key (demo only). */
  SEALING_KEY: Type.Optional(Type.String({ minLength: 32 })),
  DATA_DIR: Type.String({ minLength: 1, default: '.data' }),
  /** The ONNX model that ranks campaigns' products; unset: the one the repository ships (models/offer-ranker.onnx). */
  RECOMMENDER_MODEL: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  /** pretty: human-readable logs (npm start on a terminal); json: one object per line for log shippers. */
  LOG_FORMAT: Type.Union([Type.Literal('json'), Type.Literal('pretty')], { default: 'json' }),
  /** Base of the WeChat open API; tests point it at a local stub. */
  WECHAT_API_BASE: Url(['http', 'https']),
  /** Mini-program credentials; unset means demo login (openid derived from the code, clearly marked). */
  WECHAT_APPID: Type.Optional(Type.String({ minLength: 1 })),
  WECHAT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  /** Simulated shoppers walking each demo store (npm start); 0 turns the simulator off. */
  DEMO_SHOPPERS: Type.Integer({ minimum: 0, maximum: 200, default: 6 }),
  /** Simulated passers-by on the pavement in front of each demo store, heard through its window. */
  DEMO_PASSERS_BY: Type.Integer({ minimum: 0, maximum: 200, default: 3 }),
  /** Past days of visits, orders and till receipts the demo stores are seeded with (npm start); 0 seeds none. */
  DEMO_HISTORY_DAYS: Type.Integer({ minimum: 0, maximum: 90, default: 28 }),
  /** How long stock stays reserved for an unpaid order. */
  STOCK_RESERVATION_TTL_S: Type.Integer({ minimum: 30, maximum: 86_400, default: 900 }),
  /** Outbound webhooks: attempts before a delivery is marked failed (about 10 h of retries by default). */
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 50, default: 12 }),
  /** The first retry's delay; each further one doubles (with jitter) up to 6 h. */
  WEBHOOK_RETRY_BASE_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 30_000 }),
  /** How long a receiver has to answer one attempt. */
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),
  /** Whether webhook receivers may be on loopback or private addresses (deny: a brand cannot reach our network). */
  WEBHOOK_PRIVATE_NETWORK: Type.Union([Type.Literal('deny'), Type.Literal('allow')], { default: 'deny' }),
  /** How long webhook events and their delivery log are kept (one still owed to a receiver stays). */
  WEBHOOK_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
  /** WeChat subscribe-message template for appointment reminders; unset: reminders go on the live topic only. */
  WECHAT_REMINDER_TEMPLATE_ID: Type.Optional(Type.String({ minLength: 1 })),
  /** WeChat subscribe-message template for order updates; unset: they go on the live topic only. */
  WECHAT_ORDER_STATUS_TEMPLATE_ID: Type.Optional(Type.String({ minLength: 1 })),
  /** How long a stored Idempotency-Key answer is kept (replayed) before the cleanup removes it. */
  IDEMPOTENCY_TTL_S: Type.Integer({ minimum: 3600, maximum: 30 * 86_400, default: 86_400 }),
  /** WeChat Pay API v3 (commerce/payments); all unset: the demo payment mode. */
  WECHATPAY_MCHID: Type.Optional(Type.String({ pattern: '^[0-9]{6,32}$' })),
  /** Serial number of the merchant API certificate. */
  WECHATPAY_SERIAL: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f]{8,64}$' })),
  WECHATPAY_PRIVATE_KEY_PATH: Type.Optional(Type.String({ minLength: 1 })),
  /** WeChat Pay public-key mode: PUB_KEY_ID_… and the public key PEM. */
  WECHATPAY_PUBLIC_KEY_ID: Type.Optional(Type.String({ pattern: '^PUB_KEY_ID_[0-9A-Za-z]+$' })),
  WECHATPAY_PUBLIC_KEY_PATH: Type.Optional(Type.String({ minLength: 1 })),
  /** Platform-certificate mode: PEM files, comma separated (their serials are read from them). */
  WECHATPAY_PLATFORM_CERT_PATHS: Type.Optional(Type.String({ minLength: 1 })),
  /** The APIv3 key that encrypts notifications: 32 bytes. */
  WECHATPAY_APIV3_KEY: Type.Optional(Type.String({ minLength: 32, maxLength: 32 })),
  /** Where WeChat Pay sends payment and refund notifications (https, public). */
  WECHATPAY_NOTIFY_URL: Type.Optional(Url(['https', 'http'])),
  WECHATPAY_API_BASE: Url(['http', 'https']),
});

export type Config = Static<typeof ConfigSchema>;

export const DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/smartstore',
  REDIS_URL: 'redis://127.0.0.1:6379',
  WECHAT_API_BASE: 'https://api.weixin.qq.com',
  WECHATPAY_API_BASE: 'https://api.mch.weixin.qq.com',
} as const;

/** Values never repeated in an error message, even when they are refused. */
const SECRET_KEYS = new Set(['JWT_SECRET', 'SEALING_KEY', 'WECHAT_SECRET', 'WECHATPAY_APIV3_KEY']);

/**
 * A URL's user and password (MQTT_URL's `mqtt://user:pass@host:port`, for a broker with an ACL), and
 * the URL without them: what may be shown (/health, npm start's banner) and logged.
 */
export function splitCredentials(url: string): { url: string; username?: string; password?: string } {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return { url };
    const username = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    parsed.username = '';
    parsed.password = '';
    return { url: parsed.href, username, ...(password ? { password } : {}) };
  } catch {
    return { url: url.replace(/\/\/[^@/]*@/, '//') };
  }
}

const shownValue = (key: string, value: unknown) =>
  SECRET_KEYS.has(key)
    ? '(hidden)'
    : JSON.stringify(typeof value === 'string' ? value.replace(/(\/\/[^:@/]*):[^@/]*@/, '$1:***@') : value);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Environment values are text; the schema says which keys are integers. */
const INTEGER_KEYS = new Set(
  Object.entries(ConfigSchema.properties)
    .filter(([, schema]) => (schema as { type?: string }).type === 'integer')
    .map(([key]) => key),
);

export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw: Record<string, unknown> = { ...DEFAULTS };
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = INTEGER_KEYS.has(key) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  const withDefaults = Value.Default(ConfigSchema, raw);
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => {
        const key = e.instancePath.replace(/^\//, '') || 'config';
        return `${key}: ${e.message} (got ${shownValue(key, raw[key])})`;
      }),
    );
  }
  if ((env.WECHAT_APPID === undefined) !== (env.WECHAT_SECRET === undefined)) {
    throw new ConfigError(['WECHAT_APPID and WECHAT_SECRET: set both or neither']);
  }
  const wechatpay = wechatpayProblems(env);
  if (wechatpay.length > 0) throw new ConfigError(wechatpay);
  return withDefaults as Config;
}

const WECHATPAY_REQUIRED = [
  'WECHATPAY_MCHID',
  'WECHATPAY_SERIAL',
  'WECHATPAY_PRIVATE_KEY_PATH',
  'WECHATPAY_APIV3_KEY',
  'WECHATPAY_NOTIFY_URL',
] as const;

/** WeChat Pay is all or nothing: a half-configured merchant would take orders it cannot be paid for. */
function wechatpayProblems(env: Record<string, string | undefined>): string[] {
  const set = (key: string) => env[key] !== undefined && env[key] !== '';
  const any = Object.keys(env).some(
    (key) => key.startsWith('WECHATPAY_') && key !== 'WECHATPAY_API_BASE' && set(key),
  );
  if (!any) return [];
  const problems = WECHATPAY_REQUIRED.filter((key) => !set(key)).map(
    (key) => `${key}: required when WeChat Pay is configured`,
  );
  if (set('WECHATPAY_PUBLIC_KEY_ID') !== set('WECHATPAY_PUBLIC_KEY_PATH')) {
    problems.push('WECHATPAY_PUBLIC_KEY_ID and WECHATPAY_PUBLIC_KEY_PATH: set both or neither');
  }
  if (!set('WECHATPAY_PUBLIC_KEY_ID') && !set('WECHATPAY_PLATFORM_CERT_PATHS')) {
    problems.push(
      'WECHATPAY_PUBLIC_KEY_ID/_PATH or WECHATPAY_PLATFORM_CERT_PATHS: one is needed to verify WeChat Pay',
    );
  }
  if (!set('WECHAT_APPID')) problems.push('WECHAT_APPID: WeChat Pay charges shoppers of this mini-program');
  return problems;
}
