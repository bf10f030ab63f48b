import { matchUrlGlob, targetSelectors, type ContentDocument, type Flow } from '@touchpoint/content';

/** The SDK's wait for a target when the content names none (a step's `timeout`, a tooltip's fixed wait). */
export const DEFAULT_TARGET_TIMEOUT_S = 5;

/** A step or message target of the content, with where it lives and how long the SDK waits for it. */
export interface ContentTarget {
  /** `flow/step` for a step; the message id for a tooltip or hotspot. */
  id: string;
  selectors: string[];
  /** The URL glob of the pages it shows on; undefined: wherever its flow or message runs. */
  url?: string;
  timeoutMs: number;
}

/**
 * Every target of the content: each step's with a target, and each tooltip's and hotspot's
 * (the other kinds of message do not use one). A step lives where its `url` says, else where
 * the step before it lives (or where that step's `{ "url": … }` advance leads), else where
 * its flow's trigger `url` says; a message where its trigger `url` says.
 */
export function contentTargets(doc: ContentDocument, defaultTimeoutS = DEFAULT_TARGET_TIMEOUT_S): ContentTarget[] {
  const out: ContentTarget[] = [];
  for (const flow of doc.flows ?? []) {
    stepLocations(flow).forEach((url, i) => {
      const step = flow.steps[i]!;
      const selectors = targetSelectors(step);
      if (selectors.length) out.push({ id: `${flow.id}/${step.id}`, selectors, url, timeoutMs: (step.timeout ?? defaultTimeoutS) * 1000 });
    });
  }
  for (const m of doc.messages ?? []) {
    const selectors = targetSelectors(m);
    if ((m.kind === 'tooltip' || m.kind === 'hotspot') && selectors.length) {
      out.push({ id: m.id, selectors, url: triggerUrl(m.trigger), timeoutMs: defaultTimeoutS * 1000 });
    }
  }
  return out;
}

/** Whether `target` may show on `url`: its glob matches, or it has none. */
export function livesOn(target: ContentTarget, url: string): boolean {
  return target.url === undefined || matchUrlGlob(target.url, url);
}

function stepLocations(flow: Flow): Array<string | undefined> {
  let here = triggerUrl(flow.trigger);
  return flow.steps.map((step) => {
    here = step.url ?? here;
    const at = here;
    if (step.advance && typeof step.advance === 'object' && 'url' in step.advance) here = step.advance.url;
    return at;
  });
}

function triggerUrl(trigger: Flow['trigger']): string | undefined {
  return trigger && 'url' in trigger ? trigger.url : undefined;
}
