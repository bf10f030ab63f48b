import { formatJsonPath } from '@touchpoint/content';
import type { FastifySchemaValidationError } from 'fastify';

/** One problem with what a client sent: where (`days`, `version`; `""` for the whole part) and what is wrong. */
export interface RequestIssue {
  path: string;
  message: string;
}

/** What each part of a request is called in an answer. */
const PARTS: Record<string, string> = { querystring: 'query parameter', params: 'path parameter', body: 'body field', headers: 'header' };

/**
 * The 400 answer to a request its route's schema refused: `{ error, details }`, the error in
 * plain words naming each parameter ("query parameter days must be …"). `errors` repeats
 * `details`: the query errors of reports and accounts answered with `errors` before the
 * routes had schemas, and clients of then still read it.
 */
export function validationAnswer(validation: readonly FastifySchemaValidationError[], context: string | undefined) {
  const part = PARTS[context ?? ''] ?? 'request';
  const all: RequestIssue[] = validation.map((v) => ({
    path: formatJsonPath(
      v.instancePath
        .split('/')
        .filter(Boolean)
        .map((key) => (/^\d+$/.test(key) ? Number(key) : key)),
    ),
    message: v.message ?? 'is not valid',
  }));
  // Two checks that share their words (a whole number, at most 720) are one problem to the reader.
  const seen = new Set<string>();
  const details = all.filter((d) => {
    const key = `${d.path}\n${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const error = details.map((d) => (d.path ? `${part} ${d.path} ${d.message}` : `the ${part.split(' ')[0]} ${d.message}`)).join('; ');
  return { error, details, errors: details };
}
