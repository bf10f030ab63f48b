import { Fragment, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Journey, JourneyAction } from '@touchpoint/content';
import { fmt, num } from '../i18n/locale.js';
import { ConditionBuilder } from '../editor/ConditionBuilder.js';
import { freshId, getAt, type DocPath } from '../editor/doc-path.js';
import { Choice, errorsAt, FieldErrors, fieldId, Group, ItemList, Localized, Num, Row, Text, useEditor } from '../editor/fields.js';
import { RepeatField, SegmentPicker } from '../editor/rules.js';
import { ApiError, can } from '../api.js';
import { previewJourney } from './journey-api.js';
import { journeyEn, useJourneyStrings, type JourneyStrings } from './journey-strings.js';

const ACTIONS = ['email', 'show', 'webhook'] as const;

/**
 * Journeys in the content editor (CONTRACT §6): who enters (a segment or a condition over the
 * collector's facts), what happens (an email, content shown on the next visit, a webhook), how
 * often, the goal and the holdout, and before publishing how many users would enter now.
 */
export function JourneysSection() {
  const { t } = useEditor();
  // English until the Japanese words are here (a moment, after a switch of language).
  const s = useJourneyStrings() ?? journeyEn;
  return (
    <Fragment>
      <p class="help">{s.about}</p>
      <ItemList<Journey>
        path={['journeys']}
        collapsible
        title={(j, i) => `${s.journey} ${i + 1}: ${j.name || j.id}`}
        add={s.addJourney}
        make={(items) => ({
          id: freshId(
            'journey',
            items.map((j) => j.id),
          ),
          audience: { lastSeen: { op: 'gte', days: 7 } },
          action: { email: { subject: '', body: '' } },
        })}
      >
        {(path) => (
          <div>
            <Row>
              <Text path={[...path, 'id']} label={t.id} required help={s.idHelp} />
              <Text path={[...path, 'name']} label={t.name} />
            </Row>
            <AudienceFields path={[...path, 'audience']} s={s} />
            <ActionFields path={[...path, 'action']} s={s} />
            <RepeatField path={[...path, 'repeat']} label={s.repeat} names={s.repeatModes} />
            <GoalFields path={[...path, 'goal']} s={s} />
            <Num path={[...path, 'holdout']} label={s.holdout} help={s.holdoutHelp} min={0} max={100} />
            <WhoWouldEnter path={path} s={s} />
          </div>
        )}
      </ItemList>
    </Fragment>
  );
}

type Props = { path: DocPath; s: JourneyStrings };

/** Who enters: a segment, or a condition built with the condition builder (a journey always has an audience). */
function AudienceFields({ path, s }: Props) {
  const { doc, set, t } = useEditor();
  const mode = typeof getAt(doc, path) === 'string' ? 'segment' : 'condition';
  return (
    <Group path={path} legend={s.whoEnters}>
      <p class="help">{s.audienceHelp}</p>
      {/* Not at `audience[""]`: that is where the condition builder puts its own select. */}
      <Choice
        path={[...path, '?']}
        label={s.audienceIs}
        options={['segment', 'condition']}
        names={{ segment: t.aSegment, condition: t.aCondition }}
        value={mode}
        onPick={(v) => set(path, v === 'segment' ? (doc.segments?.[0]?.id ?? '') : { lastSeen: { op: 'gte', days: 7 } })}
      />
      {mode === 'segment' ? <SegmentPicker path={path} label={t.segment} /> : <ConditionBuilder path={path} server />}
    </Group>
  );
}

/** What happens for each entry: an email (localized subject and body, to a trait), content to show, or a webhook. */
function ActionFields({ path, s }: Props) {
  const { doc, set, t } = useEditor();
  const action = getAt(doc, path) as JourneyAction | undefined;
  const kind = (action && typeof action === 'object' && ACTIONS.find((k) => k in action)) || '';
  // Content a journey can show, by kind and name: flows, messages and surveys.
  const shown = [
    ...(doc.flows ?? []).map((x) => [x.id, `${t.flow}: ${x.name || x.id}`]),
    ...(doc.messages ?? []).map((x) => [x.id, `${t.message}: ${x.name || x.id}`]),
    ...(doc.surveys ?? []).map((x) => [x.id, `${t.survey}: ${x.id}`]),
  ];
  return (
    <Group path={path} legend={s.action}>
      <Choice
        path={[...path, '']}
        label={s.actionKind}
        options={ACTIONS}
        names={s.actionKinds}
        value={kind}
        onPick={(v) => set(path, v === 'email' ? { email: { subject: '', body: '' } } : v === 'show' ? { show: shown[0]?.[0] ?? '' } : { webhook: '' })}
      />
      {kind === 'email' && (
        <Fragment>
          <Localized path={[...path, 'email', 'subject']} label={s.subject} required />
          <Localized path={[...path, 'email', 'body']} label={s.body} multiline required />
          <TraitField path={[...path, 'email', 'to']} s={s} />
        </Fragment>
      )}
      {kind === 'show' && (
        <Fragment>
          <Choice path={[...path, 'show']} label={s.showWhat} options={shown.map(([id]) => id!)} names={Object.fromEntries(shown)} empty="" />
          <p class="help">{s.showHelp}</p>
        </Fragment>
      )}
      {kind === 'webhook' && <Text path={[...path, 'webhook']} label={s.webhook} type="url" />}
    </Group>
  );
}

/** The trait holding the address, written as its name (`work_email`), kept as `trait:work_email`. */
function TraitField({ path, s }: Props) {
  const { doc, set, errors } = useEditor();
  const value = getAt(doc, path);
  const id = fieldId(path);
  const errs = errorsAt(errors, path, true);
  return (
    <div class="f">
      <label for={id}>{s.to}</label>
      <input
        id={id}
        placeholder="email"
        value={typeof value === 'string' ? value.replace(/^trait:/, '') : ''}
        aria-invalid={errs.length ? 'true' : undefined}
        aria-describedby={[errs.length && `${id}-error`, `${id}-help`].filter(Boolean).join(' ')}
        onInput={(e) => {
          const name = (e.currentTarget as HTMLInputElement).value.trim();
          set(path, name ? `trait:${name}` : undefined);
        }}
      />
      <p class="help" id={`${id}-help`}>
        {s.toHelp}
      </p>
      <FieldErrors id={id} errs={errs} />
    </div>
  );
}

/** What counts as converted: an event (any, when empty) within some days; absent, any event within 7 days. */
function GoalFields({ path, s }: Props) {
  const { doc, set } = useEditor();
  if (!getAt(doc, path))
    return (
      <div class="localized">
        <p class="help">{s.goalDefault}</p>
        <button type="button" class="add" onClick={() => set(path, { withinDays: 7 })}>
          {s.addGoal}
        </button>
      </div>
    );
  return (
    <Group path={path} legend={s.goal}>
      <Row>
        <Text path={[...path, 'event']} label={s.goalEvent} help={s.goalEventHelp} />
        <Num path={[...path, 'withinDays']} label={s.withinDays} min={1} max={3650} />
      </Row>
      <button type="button" class="danger" onClick={() => set(path, undefined)}>
        {s.removeGoal}
      </button>
    </Group>
  );
}

/** "Who would enter now?": the collector counts the draft journey's entries as if it were published now. */
function WhoWouldEnter({ path, s }: Props) {
  const { doc, errors, project } = useEditor();
  const journey = getAt(doc, path) as Journey;
  const [said, setSaid] = useState<{ ok: boolean; text: string; busy?: boolean }>();
  // A count is of the journey as it was: an edit makes it stale.
  const key = JSON.stringify(journey);
  useEffect(() => setSaid(undefined), [key]);
  // Counting is an editor's (the collector refuses others).
  if (!project || !can(project, 'editor')) return null;
  const count = async () => {
    if (errorsAt(errors, path, true).length) return setSaid({ ok: false, text: s.previewInvalid });
    setSaid({ ok: true, text: s.previewing, busy: true });
    try {
      const r = await previewJourney(project, journey, doc);
      setSaid({
        ok: true,
        text: fmt(s.previewResult, { entering: num(r.entering), matching: num(r.matching), evaluated: num(r.evaluated), holdout: num(r.holdout) }),
      });
    } catch (e) {
      // A journey the collector refuses: its reasons, at their paths (`journey.audience…`).
      const details = e instanceof ApiError && Array.isArray(e.body.details) ? (e.body.details as Array<{ path: string; message: string }>) : [];
      const error = [(e as Error).message, ...details.map((d) => `${d.path}: ${d.message}`)].join('; ');
      setSaid({ ok: false, text: fmt(s.previewFailed, { error }) });
    }
  };
  return (
    <div class="row">
      <button type="button" onClick={count} disabled={said?.busy}>
        {s.preview}
      </button>
      <p role="status" class={said && !said.ok ? 'field-error' : undefined}>
        {said?.text}
      </p>
    </div>
  );
}
