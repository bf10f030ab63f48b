import { h } from 'preact';
import { ON_MISSING, PLACEMENTS, STEP_KINDS, localize } from '@touchpoint/content';
import type { Flow, Step } from '@touchpoint/content';
import { freshId, type DocPath } from './doc-path.js';
import { Choice, Flag, ItemList, Localized, Num, Row, Text, useEditor } from './fields.js';
import { AdvanceField, AudienceField, RepeatField, TargetField, TriggerFields } from './rules.js';
import { ExperimentFields } from './ExperimentForm.js';
import { contentIds } from './ids.js';

/** The flows (product tours): each with its audience, trigger, repeat, steps and an optional copy experiment. */
export function FlowsSection() {
  const { doc, t } = useEditor();
  return (
    <ItemList<Flow>
      path={['flows']}
      collapsible
      title={(f, i) => `${t.flow} ${i + 1}: ${f.name || f.id}`}
      add={t.addFlow}
      make={() => ({ id: freshId('flow', contentIds(doc)), steps: [{ id: 'step-1' }] })}
    >
      {(path) => <FlowFields path={path} />}
    </ItemList>
  );
}

function FlowFields({ path }: { path: DocPath }) {
  const { t } = useEditor();
  return (
    <div>
      <Row>
        <Text path={[...path, 'id']} label={t.id} required help={t.idHelp} />
        <Text path={[...path, 'name']} label={t.name} />
        <Num path={[...path, 'priority']} label={t.priority} step={1} />
      </Row>
      <AudienceField path={[...path, 'audience']} />
      <TriggerFields path={[...path, 'trigger']} />
      <RepeatField path={[...path, 'repeat']} />
      <p class="subhead">{t.steps}</p>
      <ItemList<Step>
        path={[...path, 'steps']}
        collapsible
        title={(s, i) => `${t.step} ${i + 1}: ${localize(s.title, 'en') || s.id}`}
        add={t.addStep}
        make={(steps) => ({
          id: freshId(
            'step',
            steps.map((s) => s.id),
          ),
        })}
      >
        {(stepPath) => <StepFields path={stepPath} />}
      </ItemList>
      <ExperimentFields path={[...path, 'experiment']} flowPath={path} />
    </div>
  );
}

/** One step of a tour: where it points, what it says, how it moves on. */
function StepFields({ path }: { path: DocPath }) {
  const { t } = useEditor();
  return (
    <div>
      <Row>
        <Text path={[...path, 'id']} label={t.id} required />
        <Choice path={[...path, 'kind']} label={t.stepKind} options={STEP_KINDS} names={t.stepKinds} empty={t.byDefault} />
      </Row>
      <Localized path={[...path, 'title']} label={t.title} />
      <Localized path={[...path, 'body']} label={t.body} multiline />
      <TargetField path={[...path, 'target']} label={t.target} />
      <Row>
        <Choice path={[...path, 'placement']} label={t.placement} options={PLACEMENTS} empty={t.byDefault} />
        <AdvanceField path={[...path, 'advance']} />
      </Row>
      <Row>
        <Text path={[...path, 'url']} label={t.stepUrl} help={t.urlHelp} />
        <Flag path={[...path, 'spotlight']} label={t.spotlight} />
        <Num path={[...path, 'timeout']} label={t.timeout} min={0} max={120} />
        <Choice path={[...path, 'onMissing']} label={t.onMissing} options={ON_MISSING} names={t.onMissingModes} empty={t.byDefault} />
      </Row>
      <Row>
        <Text path={[...path, 'image']} label={t.image} />
        <Localized path={[...path, 'imageAlt']} label={t.imageAlt} />
        <Text path={[...path, 'video']} label={t.video} />
      </Row>
    </div>
  );
}
