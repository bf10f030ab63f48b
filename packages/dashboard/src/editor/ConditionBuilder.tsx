import { h } from 'preact';
import { NUMBER_OPERATORS, OPERATORS } from '@touchpoint/content';
import { fmt } from '../i18n/locale.js';
import { getAt, type DocPath } from './doc-path.js';
import { Choice, Flag, Group, ItemList, Num, Row, Text, useEditor, fieldId, FieldErrors, errorsAt } from './fields.js';
import { SegmentPicker } from './rules.js';

/** The forms of a condition (CONTRACT §6), by the key that names each. */
const KINDS = ['trait', 'account', 'event', 'feature', 'url', 'segment', 'health', 'lastSeen', 'all', 'any', 'not'] as const;
type Kind = (typeof KINDS)[number];
type Node = Record<string, unknown>;

const blank = (): Node => ({ trait: '', op: 'eq', value: '' });

/**
 * Builds a condition of any depth: a select picks its form (a user's trait, the account's,
 * an event count, a feature's use, the URL, a segment, the health score, days since the user
 * was last seen, or all / any / not of
 * other conditions), and the fields of that form follow. `keep` names keys of the object that
 * are not the condition's (a segment's `id` and `name`), kept when the form changes. `server`:
 * a condition the collector evaluates (a journey's audience), which has no page: no URL form.
 */
export function ConditionBuilder({ path, keep = [], server }: { path: DocPath; keep?: string[]; server?: boolean }) {
  const { doc, set, t } = useEditor();
  const c = (getAt(doc, path) as Node | undefined) ?? {};
  const kind = KINDS.find((k) => k in c) ?? '';
  const kept = Object.fromEntries(keep.filter((k) => k in c).map((k) => [k, c[k]]));
  const fresh = (k: Kind): Node => {
    // all ↔ any keeps the conditions already written.
    if ((k === 'all' || k === 'any') && (kind === 'all' || kind === 'any')) return { [k]: c[kind] };
    switch (k) {
      case 'trait':
      case 'account':
        return { [k]: '', op: 'eq', value: '' };
      case 'event':
        return { event: '' };
      case 'feature':
        return { feature: doc.features?.[0]?.id ?? '' };
      case 'url':
        return { url: '/*' };
      case 'segment':
        return { segment: doc.segments?.find((s) => !path.length || s !== getAt(doc, path))?.id ?? '' };
      case 'health':
        return { health: { op: 'lt', value: 50 } };
      case 'lastSeen':
        return { lastSeen: { op: 'gte', days: 7 } };
      case 'not':
        return { not: blank() };
      default:
        return { [k]: [blank()] };
    }
  };
  return (
    <div class="condition">
      <Choice
        path={[...path, '']}
        label={t.conditionKind}
        options={server ? KINDS.filter((k) => k !== 'url') : KINDS}
        names={t.conditionKinds}
        value={kind}
        onPick={(v) => set(path, { ...kept, ...fresh(v as Kind) })}
      />
      <ConditionFields path={path} kind={kind} node={c} server={server} />
    </div>
  );
}

function ConditionFields({ path, kind, node, server }: { path: DocPath; kind: Kind | ''; node: Node; server?: boolean }) {
  const { doc, set, t } = useEditor();
  switch (kind) {
    case 'trait':
    case 'account': {
      const valueless = node.op === 'exists' || node.op === 'not_exists';
      return (
        <Row>
          <Text path={[...path, kind]} label={kind === 'trait' ? t.traitName : t.accountTraitName} />
          <Choice
            path={[...path, 'op']}
            label={t.operator}
            options={OPERATORS}
            names={t.operators}
            onPick={(op) => {
              const { value, ...rest } = node;
              set(path, op === 'exists' || op === 'not_exists' ? { ...rest, op } : { ...rest, op, value: value ?? '' });
            }}
          />
          {!valueless && <ValueField path={[...path, 'value']} list={node.op === 'in' || node.op === 'nin'} />}
        </Row>
      );
    }
    case 'event':
      return (
        <Row>
          <Text path={[...path, 'event']} label={t.eventName} />
          <Comparison path={[...path, 'count']} label={t.eventCount} empty={t.atLeastOnce} />
          <Num path={[...path, 'withinDays']} label={t.withinDays} min={0} />
        </Row>
      );
    case 'feature':
      return (
        <Row>
          <Choice path={[...path, 'feature']} label={t.feature} options={(doc.features ?? []).map((f) => f.id)} />
          <Flag path={[...path, 'used']} label={t.featureUsed} />
          <Num path={[...path, 'withinDays']} label={t.withinDays} min={0} />
        </Row>
      );
    case 'url':
      return <Text path={[...path, 'url']} label={t.urlGlob} help={t.urlHelp} />;
    case 'segment':
      return <SegmentPicker path={[...path, 'segment']} label={t.segment} />;
    case 'health':
      return <Comparison path={[...path, 'health']} label={t.healthScore} />;
    case 'lastSeen':
      return (
        <Group path={[...path, 'lastSeen']} legend={t.lastSeenDays} class="group inline">
          <Choice path={[...path, 'lastSeen', 'op']} label={t.operator} options={NUMBER_OPERATORS} names={t.operators} />
          <Num path={[...path, 'lastSeen', 'days']} label={t.days} min={0} />
        </Group>
      );
    case 'not':
      return (
        <Group path={[...path, 'not']} legend={t.conditionKinds.not!}>
          <ConditionBuilder path={[...path, 'not']} server={server} />
        </Group>
      );
    case 'all':
    case 'any':
      return (
        <ItemList<Node> path={[...path, kind]} title={(_, i) => fmt(t.conditionN, { n: i + 1 })} add={t.addCondition} make={blank}>
          {(itemPath) => <ConditionBuilder path={itemPath} server={server} />}
        </ItemList>
      );
    default:
      return null;
  }
}

/**
 * A number compared with an operator (`{ "op": "lt", "value": 3 }`). With `empty`, the
 * comparison may be absent (an event's count: at least once).
 */
function Comparison({ path, label, empty }: { path: DocPath; label: string; empty?: string }) {
  const { doc, set, t } = useEditor();
  const cmp = getAt(doc, path) as { op?: string; value?: number } | undefined;
  return (
    <Group path={path} legend={label} class="group inline">
      <Choice
        path={[...path, 'op']}
        label={t.operator}
        options={NUMBER_OPERATORS}
        names={t.operators}
        empty={empty}
        onPick={(op) => set(path, op ? { op, value: cmp?.value ?? 1 } : undefined)}
      />
      {cmp && <Num path={[...path, 'value']} label={t.number} />}
    </Group>
  );
}

/**
 * A trait's value. Numbers and true/false are compared as numbers and booleans (what `identify`
 * sends); anything else as text; `"3"` in quotes as the text 3. For `in` and `nin`, a
 * comma-separated list.
 */
function ValueField({ path, list }: { path: DocPath; list: boolean }) {
  const { doc, set, errors, t } = useEditor();
  const value = getAt(doc, path);
  const id = fieldId(path);
  const errs = errorsAt(errors, path, true);
  const show = (v: unknown) => (typeof v === 'string' && !/^(-?\d+(\.\d+)?|true|false|".*")$/.test(v) ? v : JSON.stringify(v ?? ''));
  const text = Array.isArray(value) ? value.map(show).join(', ') : show(value);
  return (
    <div class="f">
      <label for={id}>{list ? t.values : t.value}</label>
      <input
        id={id}
        value={text === '""' ? '' : text}
        aria-invalid={errs.length ? 'true' : undefined}
        aria-describedby={[errs.length && `${id}-error`, `${id}-help`].filter(Boolean).join(' ')}
        onInput={(e) => {
          const raw = (e.currentTarget as HTMLInputElement).value;
          set(path, list ? raw.split(',').map((x) => readValue(x.trim())) : readValue(raw));
        }}
      />
      <p class="help" id={`${id}-help`}>
        {list ? t.valuesHelp : t.valueHelp}
      </p>
      <FieldErrors id={id} errs={errs} />
    </div>
  );
}

/** `3` → 3, `true` → true, `"3"` → "3", anything else → the text. */
export function readValue(raw: string): unknown {
  if (/^(-?\d+(\.\d+)?|true|false|".*")$/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}
