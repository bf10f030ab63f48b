import { Fragment, h } from 'preact';
import { localize } from '@touchpoint/content';
import type { Experiment, Flow } from '@touchpoint/content';
import { freshId, getAt, type DocPath } from './doc-path.js';
import { Group, ItemList, Localized, Num, Row, Text, useEditor } from './fields.js';
import { CtaFields } from './rules.js';

type Variant = { id: string; weight: number };

/**
 * A copy experiment on a message (each variant replaces the message's title, body, CTA…) or,
 * with `flowPath`, on a flow (each variant replaces the copy of the steps it names): variants
 * and their weights, the share held out as control, and the goal event that counts as converting.
 */
export function ExperimentFields({ path, flowPath }: { path: DocPath; flowPath?: DocPath }) {
  const { doc, set, t } = useEditor();
  const experiment = getAt(doc, path) as Experiment | undefined;
  if (!experiment) {
    const taken = [...(doc.flows ?? []), ...(doc.messages ?? [])].flatMap((x) => (x.experiment ? [x.experiment.id] : []));
    return (
      <button
        type="button"
        class="add"
        onClick={() =>
          set(path, {
            id: freshId('experiment', taken),
            goal: { event: '' },
            variants: [
              { id: 'a', weight: 50, [flowPath ? 'steps' : 'content']: {} },
              { id: 'b', weight: 50, [flowPath ? 'steps' : 'content']: {} },
            ],
          })
        }
      >
        {t.addExperiment}
      </button>
    );
  }
  const total = experiment.variants.reduce((sum, v) => sum + Math.max(v.weight, 0), 0);
  const control = experiment.control ?? 0;
  const share = (w: number) => (total ? Math.round(((100 - control) * w) / total) : 0);
  return (
    <Group path={path} legend={t.experiment}>
      <Row>
        <Text path={[...path, 'id']} label={t.experimentId} required />
        <Text path={[...path, 'goal', 'event']} label={t.goalEvent} help={t.goalHelp} />
        <Num path={[...path, 'goal', 'withinDays']} label={t.goalDays} min={0} />
        <Num path={[...path, 'control']} label={t.control} min={0} max={100} help={t.controlHelp} />
      </Row>
      <p class="muted">
        {t.shares} {[...experiment.variants.map((v) => `${v.id} ${share(v.weight)}%`), `${t.controlName} ${control}%`].join(' · ')}
      </p>
      <ItemList<Variant>
        path={[...path, 'variants']}
        title={(v, i) => `${t.variant} ${i + 1}: ${v.id}`}
        add={t.addVariant}
        make={(vs) => ({
          id: freshId(
            'variant',
            vs.map((v) => v.id),
          ),
          weight: 50,
          ...(flowPath ? { steps: {} } : { content: {} }),
        })}
      >
        {(vPath) => (
          <Fragment>
            <Row>
              <Text path={[...vPath, 'id']} label={t.variantId} required />
              <Num path={[...vPath, 'weight']} label={t.weight} min={0} />
            </Row>
            {flowPath ? <StepCopyFields path={vPath} flow={getAt(doc, flowPath) as Flow} /> : <MessageCopyFields path={[...vPath, 'content']} />}
          </Fragment>
        )}
      </ItemList>
      <button type="button" class="danger" onClick={() => set(path, undefined)}>
        {t.removeExperiment}
      </button>
    </Group>
  );
}

/** A message variant's copy: what it replaces of the message. */
function MessageCopyFields({ path }: { path: DocPath }) {
  const { t } = useEditor();
  return (
    <Fragment>
      <Localized path={[...path, 'title']} label={t.title} />
      <Localized path={[...path, 'body']} label={t.body} multiline />
      <CtaFields path={[...path, 'cta']} />
    </Fragment>
  );
}

/** A flow variant's copy: for each step, the title and body it shows instead (empty: the step's own). */
function StepCopyFields({ path, flow }: { path: DocPath; flow: Flow }) {
  const { t } = useEditor();
  return (
    <Fragment>
      {flow.steps.map((s, i) => (
        <Group key={s.id} path={[...path, 'steps', s.id]} legend={`${t.step} ${i + 1}: ${localize(s.title, 'en') || s.id}`}>
          <Localized path={[...path, 'steps', s.id, 'title']} label={t.title} />
          <Localized path={[...path, 'steps', s.id, 'body']} label={t.body} multiline />
        </Group>
      ))}
    </Fragment>
  );
}
