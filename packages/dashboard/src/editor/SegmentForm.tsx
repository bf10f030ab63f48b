import { Fragment, h } from 'preact';
import type { Segment } from '@touchpoint/content';
import { freshId } from './doc-path.js';
import { ItemList, Row, Text, useEditor } from './fields.js';
import { ConditionBuilder } from './ConditionBuilder.js';

/** Segments: named conditions that audiences and other segments refer to. */
export function SegmentsSection() {
  const { t } = useEditor();
  return (
    <ItemList<Segment>
      path={['segments']}
      collapsible
      title={(s, i) => `${t.segment} ${i + 1}: ${s.name || s.id}`}
      add={t.addSegment}
      make={(all) => ({
        id: freshId(
          'segment',
          all.map((s) => s.id),
        ),
        all: [{ trait: '', op: 'eq', value: '' }],
      })}
    >
      {(path) => (
        <Fragment>
          <Row>
            <Text path={[...path, 'id']} label={t.id} required />
            <Text path={[...path, 'name']} label={t.name} />
          </Row>
          {/* A segment is a condition with an id and a name: the builder keeps those two. */}
          <ConditionBuilder path={path} keep={['id', 'name']} />
        </Fragment>
      )}
    </ItemList>
  );
}
