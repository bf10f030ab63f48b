import { readFileSync } from 'node:fs';
import { parseJson } from '@touchpoint/content';

/** A command used wrongly: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {}

/** An invalid content document: one line per error, `path: message`. */
export class ContentError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** Reads and parses a JSON file, or explains what is wrong with it. */
export function readJson(file: string | undefined): unknown {
  if (!file) throw new UsageError("give the content document's FILE");
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const parsed = parseJson(text);
  // FILE:LINE:COLUMN, as compilers say it: editors and CI annotations jump there.
  if (!parsed.ok) throw new ContentError([`${file}:${parsed.error.line}:${parsed.error.column}: not valid JSON: ${parsed.error.message}`]);
  return parsed.value;
}
