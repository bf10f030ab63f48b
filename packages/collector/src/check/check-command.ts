import { validateContent, type ContentDocument } from '@touchpoint/content';
import { parseArgs } from 'node:util';
import { ContentError, readJson, UsageError } from '../cli-support.js';
import { checkTargets, formatProblem } from './run-check.js';
import { DEFAULT_TARGET_TIMEOUT_S } from './targets.js';

/**
 * `touchpoint check --url APP_URL [--url …] (--content FILE | --collector URL --secret-key S [--draft])`
 * (CONTRACT §1): one line per missing or ambiguous target on stdout, exit 1 when there is
 * any; what was checked, and what could not be, on stderr.
 */
export async function checkCommand(args: string[]): Promise<number> {
  const values = options(args);
  if (!values.url.length) throw new UsageError('check needs at least one --url of the app to open');
  for (const url of values.url) {
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new UsageError(`--url ${url} is not an http(s) URL`);
  }
  if (values.content && values.collector) throw new UsageError('check takes --content FILE or --collector URL, not both');
  if (!values.content && !values.collector) throw new UsageError('check needs the content: --content FILE, or --collector URL --secret-key S [--draft]');
  if (values.collector && !values['secret-key']) throw new UsageError('check --collector needs --secret-key');
  if (values.draft && !values.collector) throw new UsageError('--draft reads the draft from the collector: give --collector URL --secret-key S');
  const timeout = values.timeout === undefined ? DEFAULT_TARGET_TIMEOUT_S : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout < 0 || timeout > 120) throw new UsageError('--timeout must be a number of seconds from 0 to 120');

  const doc = values.content ? valid(readJson(values.content)) : await fromCollector(values.collector!, values['secret-key']!, values.draft);
  const report = await checkTargets(doc, values.url, { defaultTimeoutS: timeout });
  for (const problem of report.problems) console.log(formatProblem(problem));
  for (const target of report.notChecked) console.error(`touchpoint check: ${target.id} not checked: no --url matches "${target.url}"`);
  console.error(
    `touchpoint check: ${report.checked} target${report.checked === 1 ? '' : 's'} looked for on ${values.url.length} URL${values.url.length === 1 ? '' : 's'}: ` +
      (report.problems.length ? `${report.problems.length} missing or ambiguous` : 'each found exactly once'),
  );
  return report.problems.length ? 1 : 0;
}

function valid(input: unknown): ContentDocument {
  const result = validateContent(input, { allowPrivateWebhooks: true });
  if (!result.ok) throw new ContentError(result.errors.map((e) => `${e.path || '(document)'}: ${e.message}`));
  return result.document;
}

/** The published content, or the draft (CONTRACT §7), read with the secret key. */
async function fromCollector(base: string, secretKey: string, draft: boolean): Promise<ContentDocument> {
  let url: URL;
  try {
    url = new URL(draft ? '/v1/content/draft' : '/v1/content', base);
  } catch {
    throw new UsageError(`--collector ${base} is not a URL`);
  }
  const res = await fetch(url, { headers: { authorization: `Bearer ${secretKey}` } }).catch((e: unknown) => {
    throw new Error(`cannot reach the collector at ${base}: ${(e as Error).message}`);
  });
  const body = (await res.json().catch(() => undefined)) as { error?: string } | undefined;
  if (res.status === 404 && !draft) throw new Error('the collector has no published content yet');
  if (!res.ok) throw new Error(`the collector answered ${res.status} to GET ${url.pathname}: ${body?.error ?? 'no details'}`);
  return valid(body);
}

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      options: {
        url: { type: 'string', multiple: true, default: [] },
        content: { type: 'string' },
        collector: { type: 'string' },
        'secret-key': { type: 'string' },
        draft: { type: 'boolean', default: false },
        timeout: { type: 'string' },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
