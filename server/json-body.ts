/**
 * JSON bodies: an empty one is no body. WeChat's `wx.request` sends `content-type: application/json`
 * with nothing after it on a bodyless POST (cancel an order, pay in demo mode, mark an offer opened),
 * which fastify's own parser refuses as FST_ERR_CTP_EMPTY_JSON_BODY before the route is reached. A
 * route without a body then answers as usual; one that needs a body says so through its schema
 * (`body must be object`, field `body`), like any other validation error.
 */
import type { FastifyInstance } from 'fastify';

export function acceptEmptyJsonBody(app: FastifyInstance): void {
  // The default parser, with its protection against __proto__ and constructor poisoning.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    parseJson(request, body as string, done);
  });
}
