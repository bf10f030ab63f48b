/**
 * What is wrong with a flow, message or survey that validation would have refused. A
 * document can reach the browser broken (hand-edited, an older collector): the engine skips
 * such an item with a warning and runs the rest.
 */
import { MESSAGE_KINDS, SURVEY_KINDS, type ContentMessage, type Flow, type Survey, type Trigger } from '@touchpoint/content';
import { invalidSelector } from './selectors.js';

/** The items of a section of the document that are not broken; each broken one is skipped with a warning. */
export function usable<T>(
  section: T[] | undefined,
  name: string,
  broken: (item: T, doc: Document) => string | undefined,
  doc: Document,
  warn: (msg: string) => void,
): T[] {
  return (Array.isArray(section) ? section : []).filter((item, i) => {
    const problem = broken(item, doc);
    if (problem) warn(`${name}[${i}] skipped: ${problem}`);
    return !problem;
  });
}

/** The selectors an item uses itself: its target (messages) and its click trigger's. */
function selectorsOf(item: { target?: string | string[]; trigger?: Trigger }): string[] {
  return [...[item.target ?? []].flat(), ...(item.trigger?.on === 'click' ? [item.trigger.selector] : [])];
}

/** What is wrong with a flow, or undefined. */
export function brokenFlow(flow: Flow, doc: Document): string | undefined {
  if (!flow || typeof flow.id !== 'string') return 'no id';
  if (!Array.isArray(flow.steps) || !flow.steps.length) return `flow "${flow.id}" has no steps`;
  for (const step of flow.steps) {
    if (!step || typeof step.id !== 'string') return `flow "${flow.id}" has a step without an id`;
    const bad = invalidSelector(doc, [step.target ?? []].flat());
    if (bad !== undefined) return `flow "${flow.id}", step "${step.id}": "${bad}" is not a valid selector`;
  }
  const bad = invalidSelector(doc, selectorsOf(flow));
  return bad === undefined ? undefined : `flow "${flow.id}": "${bad}" is not a valid selector`;
}

/** What is wrong with a message, or undefined. */
export function brokenMessage(message: ContentMessage, doc: Document): string | undefined {
  if (!message || typeof message.id !== 'string') return 'no id';
  if (!MESSAGE_KINDS.includes(message.kind)) return `message "${message.id}" has an unknown kind`;
  if ((message.kind === 'tooltip' || message.kind === 'hotspot') && !message.target) return `message "${message.id}" needs a target`;
  const bad = invalidSelector(doc, selectorsOf(message));
  return bad === undefined ? undefined : `message "${message.id}": "${bad}" is not a valid selector`;
}

/** What is wrong with a survey, or undefined. */
export function brokenSurvey(survey: Survey, doc: Document): string | undefined {
  if (!survey || typeof survey.id !== 'string') return 'no id';
  if (!SURVEY_KINDS.includes(survey.kind)) return `survey "${survey.id}" has an unknown kind`;
  if (survey.question === undefined) return `survey "${survey.id}" has no question`;
  if (survey.kind === 'choice' && !(Array.isArray(survey.choices) && survey.choices.length >= 2)) return `survey "${survey.id}" needs choices`;
  const bad = invalidSelector(doc, selectorsOf(survey));
  return bad === undefined ? undefined : `survey "${survey.id}": "${bad}" is not a valid selector`;
}
