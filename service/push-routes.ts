/**
 * Where WeChat pushes a brand's customer-service messages: `GET /wechat/:tenant/service` answers
 * WeChat's check of the URL (echostr), `POST` takes each message (JSON data format; plaintext, or
 * safe mode's Encrypt) and answers "success" once it is kept. Nobody logs in: the signature over
 * the brand's token is checked before anything is read, and a push signed otherwise stores nothing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { NotFound, SmartStoreError } from '../server/errors.js';
import { errorResponses } from '../server/schemas.js';
import { brandWechat, tenantBySlug } from '../tenancy/index.js';
import { answerByItself } from './auto-answers.js';
import { PushNotSet, PushSignatureInvalid, PushStale, PushUnreadable } from './errors.js';
import { readPushJson, shopperPush } from './push.js';
import { receivePush } from './receive.js';
import { EncryptUnreadable, openPush } from './safe-mode.js';
import { PushBody, PushParams, PushQuery } from './schemas.js';
import { serviceSettings } from './settings.js';
import { signedBy } from './signature.js';

/**
 * How far a push's timestamp may be from the server's clock: WeChat retries within seconds, and a
 * signature seen once (the body is not signed in plaintext mode) is not good later.
 */
const PUSH_FRESH_S = 600;

declare module 'fastify' {
  interface FastifyRequest {
    /** The brand a push was signed for, once its signature is checked. */
    pushTenant: string;
  }
}

export async function pushRoutes(app: FastifyInstance): Promise<void> {
  app.decorateRequest('pushTenant', '');
  // WeChat's MsgId is a 64-bit integer: read before JSON.parse rounds it (push.ts).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, readPushJson(body as string));
    } catch {
      done(new SmartStoreError('SS_ERR_VALIDATION', 400, 'body is not JSON', 'body'));
    }
  });

  /** Checks the signature (and opens safe mode's Encrypt into the body) before the body is validated. */
  async function signed(request: FastifyRequest) {
    const { tenant } = request.params as { tenant: string };
    const query = request.query as Partial<PushQuery>;
    const brand = await app.db.anonymous((tx) => tenantBySlug(tx, tenant));
    if (!brand) throw NotFound(`Brand "${tenant}"`);
    const settings = await app.db.tenant(brand.id, serviceSettings);
    if (!settings) throw PushNotSet();
    const parts = [settings.push_token, query.timestamp ?? '', query.nonce ?? ''];
    if (!signedBy(query.signature, parts)) throw PushSignatureInvalid('signature');
    if (Math.abs(Date.now() / 1000 - Number(query.timestamp)) > PUSH_FRESH_S) throw PushStale();
    request.pushTenant = brand.id;
    if (request.method !== 'POST' || query.encrypt_type !== 'aes') return;
    const encrypted = (request.body as { Encrypt?: unknown } | undefined)?.Encrypt;
    if (typeof encrypted !== 'string') throw PushUnreadable('safe mode: the body has no Encrypt');
    if (!signedBy(query.msg_signature, [...parts, encrypted])) throw PushSignatureInvalid('msg_signature');
    if (!settings.aes_key_sealed) throw PushUnreadable('safe mode: set the EncodingAESKey first');
    try {
      const opened = openPush(encrypted, app.sealer.open(settings.aes_key_sealed));
      const appid = (await brandWechat(app, brand.id))?.appid;
      if (appid && opened.appid !== appid) throw PushUnreadable('Encrypt was sent to another mini-program');
      request.body = readPushJson(opened.message);
    } catch (error) {
      if (error instanceof EncryptUnreadable || error instanceof SyntaxError)
        throw PushUnreadable(error.message);
      throw error;
    }
  }

  const schema = { tags: ['service'], params: PushParams, querystring: PushQuery };

  app.get(
    '/wechat/:tenant/service',
    {
      preValidation: signed,
      schema: {
        ...schema,
        summary: "WeChat's check of the brand's message-push URL: echostr back when signed with the token",
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { echostr } = request.query as PushQuery;
      return reply.type('text/plain').send(echostr ?? '');
    },
  );

  app.post(
    '/wechat/:tenant/service',
    {
      preValidation: signed,
      schema: {
        ...schema,
        summary: "WeChat's push of a shopper's customer-service message or event (JSON; safe mode opened)",
        body: PushBody,
        response: { 200: Type.String({ description: 'success' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const push = shopperPush(request.body as PushBody);
      const received = push && (await receivePush(app, request.pushTenant, push));
      // Not awaited: WeChat waits 5 s for "success", then pushes again and tells the shopper the service is down.
      if (received) {
        answerByItself(app, request.pushTenant, received, push).catch((error) =>
          request.log.error({ err: error }, 'an automatic customer-service answer failed'),
        );
      }
      return reply.type('text/plain').send('success');
    },
  );
}
