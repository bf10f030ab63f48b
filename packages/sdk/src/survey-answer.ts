import type { Survey } from '@touchpoint/content';

/**
 * What a survey answer sends: a score in range, choices that exist (`shown` in the user's
 * language, sent as `canonical`, the content's own), bounded text.
 */
export function answerOf(
  survey: Survey,
  a: { score?: number; answer?: string | string[]; comment?: string },
  shown: string[],
  canonical: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const [min, max] = survey.kind === 'nps' ? [0, 10] : [1, 5];
  if ((survey.kind === 'nps' || survey.kind === 'rating') && Number.isInteger(a.score) && a.score! >= min && a.score! <= max) out.score = a.score;
  const given = (Array.isArray(a.answer) ? a.answer : [a.answer]).filter((x): x is string => typeof x === 'string');
  const list =
    survey.kind === 'choice'
      ? given.map((x) => canonical[shown.indexOf(x)]).filter((x) => x !== undefined)
      : survey.kind === 'text'
        ? given.map((x) => x.slice(0, 1000))
        : [];
  if (list.length) out.answer = survey.kind === 'choice' && survey.multiple ? list : list[0];
  if (typeof a.comment === 'string' && a.comment) out.comment = a.comment.slice(0, 1000);
  return out;
}
