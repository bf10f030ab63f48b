import { Fragment, h } from 'preact';
import type { HealthSettings } from '@touchpoint/content';
import { getAt, type DocPath } from './doc-path.js';
import { Choice, ItemList, Num, Row, Text, useEditor } from './fields.js';

type Signal = HealthSettings['signals'][number];
type Alert = NonNullable<HealthSettings['alerts']>[number];

/** Account health: the window, the weighted signals (events or features), and the alerts sent when a score falls. */
export function HealthSection() {
  const { t } = useEditor();
  return (
    <Fragment>
      <Num path={['health', 'windowDays']} label={t.windowDays} min={1} max={365} step={1} />
      <p class="subhead">{t.signals}</p>
      <ItemList<Signal>
        path={['health', 'signals']}
        title={(s, i) => `${t.signal} ${i + 1}: ${'event' in s ? s.event : s.feature}`}
        add={t.addSignal}
        make={() => ({ event: '', weight: 1 })}
      >
        {(path) => <SignalFields path={path} />}
      </ItemList>
      <p class="subhead">{t.alerts}</p>
      <ItemList<Alert>
        path={['health', 'alerts']}
        title={(a, i) => `${t.alert} ${i + 1}: < ${a.below}`}
        add={t.addAlert}
        make={() => ({ below: 40, webhook: '' })}
      >
        {(path) => (
          <Row>
            <Num path={[...path, 'below']} label={t.below} min={0} max={100} />
            <Text path={[...path, 'webhook']} label={t.webhook} type="url" />
          </Row>
        )}
      </ItemList>
    </Fragment>
  );
}

function SignalFields({ path }: { path: DocPath }) {
  const { doc, set, t } = useEditor();
  const signal = getAt(doc, path) as Signal;
  const kind = 'feature' in signal ? 'feature' : 'event';
  return (
    <Row>
      <Choice
        path={[...path, '']}
        label={t.signalKind}
        options={['event', 'feature']}
        names={{ event: t.anEvent, feature: t.aFeature }}
        value={kind}
        onPick={(v) => set(path, v === 'feature' ? { feature: doc.features?.[0]?.id ?? '', weight: signal.weight } : { event: '', weight: signal.weight })}
      />
      {kind === 'feature' ? (
        <Choice path={[...path, 'feature']} label={t.feature} options={(doc.features ?? []).map((f) => f.id)} empty="" />
      ) : (
        <Text path={[...path, 'event']} label={t.eventName} />
      )}
      <Num path={[...path, 'weight']} label={t.weight} min={0} max={100} />
    </Row>
  );
}
