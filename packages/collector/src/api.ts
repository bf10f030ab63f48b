import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

/**
 * The context the API's routes (`/v1/…`) are registered in: each declares who may call it
 * (`config.auth`, see `auth-plugin.ts`) and zod schemas for its params, query and body, from
 * which their types come; what a schema refuses is answered 400 by `validation-error.ts`.
 */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
