import {
  localize,
  markdownToPlainText,
  type ContentMessage,
  type Cta,
  type Experiment,
  type Flow,
  type FlowExperiment,
  type LocalizedText,
  type MessageContent,
  type Settings,
  type Step,
} from '@touchpoint/content';
import { fmt, t } from './i18n/locale.js';

/** A string of the content document: plain, or by locale. */
type Text = LocalizedText | undefined;

/** The copy of a message, of a variant's content or of a step that a variant replaces. */
type CopyFields = Partial<Pick<MessageContent, 'title' | 'body'>> & { cta?: Pick<Cta, 'label'> };

/** The parts of the published document this reads (CONTRACT §6), named after content's types. */
export interface ExperimentDoc {
  settings?: Pick<Settings, 'locale'>;
  messages?: Array<
    CopyFields &
      Pick<ContentMessage, 'id'> & {
        experiment?: Pick<Experiment, 'id'> & { variants: Array<Pick<Experiment['variants'][number], 'id'> & { content?: CopyFields }> };
      }
  >;
  flows?: Array<
    Pick<Flow, 'id'> & {
      steps: Array<Pick<Step, 'id' | 'title' | 'body'>>;
      experiment?: Pick<FlowExperiment, 'id'> & { variants: Array<Pick<FlowExperiment['variants'][number], 'id'> & { steps?: Record<string, CopyFields> }> };
    }
  >;
}

/** One line of a variant's copy: what it is (title, body, button, a step) and its text. */
export interface CopyLine {
  label: string;
  text: string;
}

const MAX = 140;

/**
 * What each group of an experiment shows, from the published content, by variation id:
 * a message's variant is the message with the variant's content over it (as the SDK shows
 * it), a flow's variant is the copy it replaces in its steps; the control group sees nothing.
 * Text is picked for the document's locale and Markdown read as the SDK reads them (content's
 * `localize` and `markdownToPlainText`), shown on one line, cut at 140 characters.
 */
export function experimentCopy(doc: ExperimentDoc, experimentId: string): Map<string, CopyLine[]> {
  const locale = doc.settings?.locale ?? 'en';
  const plain = (text: Text) => {
    const flat = markdownToPlainText(localize(text, locale) ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    return flat.length > MAX ? `${flat.slice(0, MAX - 1)}…` : flat;
  };
  const lines = (fields: CopyFields, step?: string) =>
    (
      [
        [t.copyTitle, plain(fields.title)],
        [t.copyBody, plain(fields.body)],
        [t.copyButton, plain(fields.cta?.label)],
      ] as const
    ).flatMap(([field, text]) => (text ? [{ label: step === undefined ? field : fmt(t.copyStep, { id: step, field }), text }] : []));
  const copy = new Map<string, CopyLine[]>([['control', [{ label: t.control, text: t.heldOut }]]]);
  for (const m of doc.messages ?? []) {
    if (m.experiment?.id !== experimentId) continue;
    for (const v of m.experiment.variants) copy.set(v.id, lines({ ...m, ...v.content }));
  }
  for (const f of doc.flows ?? []) {
    if (f.experiment?.id !== experimentId) continue;
    for (const v of f.experiment.variants) {
      // Only what the variant replaces: the rest of each step is the same for every group.
      copy.set(
        v.id,
        f.steps.flatMap((s) => (v.steps?.[s.id] ? lines(v.steps[s.id]!, s.id) : [])),
      );
    }
  }
  return copy;
}
