/**
 * The builder's edits of a draft, as pure functions: each change gives a new document and
 * selection, and leaves the old ones alone (the panel re-renders from them, the session keeps
 * them across reloads). Fields set to undefined or '' leave the item, so the draft never carries
 * empty strings the validator would refuse.
 */
import type { ContentDocument, Flow, ContentMessage as Message, MessageContent, Step } from '@touchpoint/content';
import type { BuilderChange, BuilderSelection } from '@touchpoint/ui/builder';

export interface Edited {
  doc: ContentDocument;
  selection: BuilderSelection;
}

/** `base`, or `base-2`, `base-3`… : the first not in `taken`. */
export function freshId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** `item` with `patch` applied; undefined and '' remove the field. */
function patched<T extends object>(item: T, patch: Partial<T>): T {
  const next = { ...item } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
  }
  return next as T;
}

/** A target as the document spells it: one selector as a string, several as the list; none (or one empty) removes it. */
function targetOf(selectors: string[]): string | string[] | undefined {
  return selectors.length > 1 ? selectors : selectors[0] || undefined;
}

/** The flow the selection points at. */
export function selectedFlow(doc: ContentDocument, sel: BuilderSelection): Flow | undefined {
  return doc.flows?.find((f) => f.id === sel.flowId);
}

export function selectedMessage(doc: ContentDocument, sel: BuilderSelection): Message | undefined {
  return doc.messages?.find((m) => m.id === sel.messageId);
}

/** Applies one change of the panel to the draft. A change that names nothing selected changes nothing. */
export function applyChange(doc: ContentDocument, sel: BuilderSelection, change: BuilderChange): Edited {
  const flow = selectedFlow(doc, sel);
  const message = selectedMessage(doc, sel);
  const withFlow = (next: Flow | undefined, selection: BuilderSelection = sel): Edited => ({
    doc: { ...doc, flows: (doc.flows ?? []).flatMap((f) => (f.id !== flow!.id ? [f] : next ? [next] : [])) },
    selection,
  });
  const withMessage = (next: Message | undefined, selection: BuilderSelection = sel): Edited => ({
    doc: { ...doc, messages: (doc.messages ?? []).flatMap((m) => (m.id !== message!.id ? [m] : next ? [next] : [])) },
    selection,
  });
  const same = { doc, selection: sel };

  switch (change.kind) {
    case 'addFlow': {
      const id = freshId(
        'new-tour',
        (doc.flows ?? []).map((f) => f.id),
      );
      const created: Flow = { id, name: 'New tour', trigger: { on: 'manual' }, steps: [{ id: 'step-1', title: 'Welcome' }] };
      return { doc: { ...doc, flows: [...(doc.flows ?? []), created] }, selection: { tab: 'flows', flowId: id, step: 0 } };
    }
    case 'addMessage': {
      const id = freshId(
        `new-${change.messageKind}`,
        (doc.messages ?? []).map((m) => m.id),
      );
      const created: Message = { id, kind: change.messageKind, title: 'New message', trigger: { on: 'manual' } };
      return { doc: { ...doc, messages: [...(doc.messages ?? []), created] }, selection: { tab: 'messages', messageId: id, step: 0 } };
    }
  }

  if (sel.tab === 'flows' && flow) {
    const steps = flow.steps;
    switch (change.kind) {
      case 'flow':
        return withFlow(patched(flow, change.patch));
      case 'deleteFlow': {
        const rest = (doc.flows ?? []).filter((f) => f.id !== flow.id);
        return withFlow(undefined, { tab: 'flows', flowId: rest[0]?.id, step: 0 });
      }
      case 'addStep': {
        const id = freshId(
          `step-${steps.length + 1}`,
          steps.map((s) => s.id),
        );
        const at = Math.min(sel.step + 1, steps.length);
        const next = [...steps.slice(0, at), { id, title: 'New step' }, ...steps.slice(at)];
        return withFlow({ ...flow, steps: next }, { ...sel, step: at });
      }
      case 'moveStep': {
        const { from, to } = change;
        if (from < 0 || from >= steps.length || to < 0 || to >= steps.length || from === to) return same;
        const next = [...steps];
        const [moved] = next.splice(from, 1);
        next.splice(to, 0, moved!);
        return withFlow({ ...flow, steps: next }, { ...sel, step: sel.step === from ? to : sel.step });
      }
      case 'deleteStep': {
        // A flow keeps at least one step: the validator refuses an empty one.
        if (steps.length <= 1 || !steps[change.index]) return same;
        const next = steps.filter((_, i) => i !== change.index);
        return withFlow({ ...flow, steps: next }, { ...sel, step: Math.min(sel.step, next.length - 1) });
      }
      case 'step':
      case 'target': {
        const step = steps[sel.step];
        if (!step) return same;
        const patch = change.kind === 'step' ? change.patch : { target: targetOf(change.selectors) };
        return withFlow({ ...flow, steps: steps.map((s, i) => (i === sel.step ? patched<Step>(s, patch) : s)) });
      }
      case 'addVariant': {
        const experiment = flow.experiment ?? {
          id: freshId(`${flow.id}-copy`, []),
          goal: { event: 'Flow Completed' },
          control: 0,
          variants: [{ id: 'a', weight: 50 }],
        };
        const id = freshId(
          String.fromCharCode(97 + experiment.variants.length),
          experiment.variants.map((v) => v.id),
        );
        const variants = [...experiment.variants, { id, weight: 50, steps: {} }];
        return withFlow({ ...flow, experiment: { ...experiment, variants } }, { ...sel, variant: id });
      }
      case 'experiment':
        return flow.experiment ? withFlow({ ...flow, experiment: patched(flow.experiment, change.patch as object) }) : same;
      case 'variant': {
        if (!flow.experiment) return same;
        const stepId = steps[sel.step]?.id;
        const variants = flow.experiment.variants.map((v) => {
          if (v.id !== change.id) return v;
          const copy = change.copy && stepId ? { ...v.steps, [stepId]: patched(v.steps?.[stepId] ?? {}, change.copy) } : v.steps;
          return { ...v, ...(change.weight !== undefined && { weight: change.weight }), ...(copy && { steps: copy }) };
        });
        return withFlow({ ...flow, experiment: { ...flow.experiment, variants } });
      }
      case 'deleteVariant': {
        if (!flow.experiment) return same;
        const variants = flow.experiment.variants.filter((v) => v.id !== change.id);
        return withFlow({ ...flow, experiment: { ...flow.experiment, variants } }, { ...sel, variant: undefined });
      }
      case 'removeExperiment': {
        const { experiment: _, ...rest } = flow;
        return withFlow(rest, { ...sel, variant: undefined });
      }
    }
    return same;
  }

  if (sel.tab === 'messages' && message) {
    switch (change.kind) {
      case 'message':
        return withMessage(patched(message, change.patch));
      case 'target':
        return withMessage(patched(message, { target: targetOf(change.selectors) }));
      case 'deleteMessage': {
        const rest = (doc.messages ?? []).filter((m) => m.id !== message.id);
        return withMessage(undefined, { tab: 'messages', messageId: rest[0]?.id, step: 0 });
      }
      case 'addVariant': {
        const own: MessageContent = patched({}, { title: message.title, body: message.body, cta: message.cta });
        const experiment = message.experiment ?? {
          id: freshId(`${message.id}-copy`, []),
          goal: { event: 'Message Clicked' },
          control: 0,
          variants: [{ id: 'a', weight: 50, content: own }],
        };
        const id = freshId(
          String.fromCharCode(97 + experiment.variants.length),
          experiment.variants.map((v) => v.id),
        );
        const variants = [...experiment.variants, { id, weight: 50, content: own }];
        return withMessage({ ...message, experiment: { ...experiment, variants } }, { ...sel, variant: id });
      }
      case 'experiment':
        return message.experiment ? withMessage({ ...message, experiment: patched(message.experiment, change.patch as object) }) : same;
      case 'variant': {
        if (!message.experiment) return same;
        const variants = message.experiment.variants.map((v) =>
          v.id !== change.id
            ? v
            : {
                ...v,
                ...(change.weight !== undefined && { weight: change.weight }),
                content: change.copy ? patched(v.content, change.copy as MessageContent) : v.content,
              },
        );
        return withMessage({ ...message, experiment: { ...message.experiment, variants } });
      }
      case 'deleteVariant': {
        if (!message.experiment) return same;
        const variants = message.experiment.variants.filter((v) => v.id !== change.id);
        return withMessage({ ...message, experiment: { ...message.experiment, variants } }, { ...sel, variant: undefined });
      }
      case 'removeExperiment': {
        const { experiment: _, ...rest } = message;
        return withMessage(rest, { ...sel, variant: undefined });
      }
    }
  }
  return same;
}
