/**
 * The lifecycle table (`LIFECYCLE` in @touchpoint/content) as SQL over the `events` table,
 * so that the store reads each event's meaning from the same table as the SDK: which rows
 * count, and which content each is about.
 */
import { LIFECYCLE, type LifecycleMeaning, type LifecycleRow } from '@touchpoint/content';

/** A SQL string literal (the table's names and values are ours; quoted all the same). */
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A property of the event's payload, when it is a string (as `lifecycleOf` requires); else NULL. */
const stringProperty = (name: string) =>
  `(CASE WHEN json_type(payload, ${literal(`$.properties.${name}`)}) = 'text' THEN json_extract(payload, ${literal(`$.properties.${name}`)}) END)`;

/** The rows that mean one of `meanings`. */
export function lifecycleRows(meanings: readonly LifecycleMeaning[]): LifecycleRow[] {
  return LIFECYCLE.filter((row) => meanings.includes(row.means));
}

/**
 * A SQL expression: the content id of an event of one of `rows` (NULL for other events, for
 * ids that are not strings, and where a row's `unless` holds), as `lifecycleOf` computes it.
 */
export function contentIdSql(rows: readonly LifecycleRow[]): string {
  const cases = rows.map((row) => {
    const unless = row.unless ? ` AND json_extract(payload, ${literal(`$.properties.${row.unless[0]}`)}) IS NOT ${literal(row.unless[1])}` : '';
    return `WHEN event = ${literal(row.event)}${unless} THEN ${row.id.map(stringProperty).join(` || '/' || `)}`;
  });
  return `(CASE ${cases.join(' ')} END)`;
}

/** A SQL condition: the event is one of `rows`' (use with `contentIdSql` for the rest). */
export function eventInSql(rows: readonly LifecycleRow[]): string {
  return `event IN (${[...new Set(rows.map((r) => literal(r.event)))].join(', ')})`;
}
