/** OpenAPI 3 generated from the routes' TypeBox schemas; Swagger UI at /docs, JSON at /docs/json. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorBody } from './schemas.js';

export const openapiPlugin = fp(
  async (app: FastifyInstance) => {
    app.addSchema(ErrorBody);
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Smart Store API',
          version: '1',
          description:
            'Indoor positioning, proximity marketing and store commerce. Errors are `{code, message, field?}`; ' +
            'log in with `POST /api/v1/auth/login` and send `Authorization: Bearer <token>`.',
        },
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
      refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string) ?? `def-${i}` },
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { docExpansion: 'list', persistAuthorization: true },
    });
  },
  { name: 'openapi' },
);
