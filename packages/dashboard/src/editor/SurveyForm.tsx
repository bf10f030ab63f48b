import { Fragment, h } from 'preact';
import { SURVEY_KINDS, localize } from '@touchpoint/content';
import type { LocalizedText, Survey } from '@touchpoint/content';
import { freshId } from './doc-path.js';
import { Choice, Flag, ItemList, Localized, Num, Row, Text, useEditor } from './fields.js';
import { AudienceField, RepeatField, TriggerFields } from './rules.js';
import { contentIds } from './ids.js';

/** Surveys: NPS, rating, choice (with its choices) and free text, with audience, trigger and repeat. */
export function SurveysSection() {
  const { doc, t } = useEditor();
  return (
    <ItemList<Survey>
      path={['surveys']}
      collapsible
      title={(s, i) => `${t.survey} ${i + 1}: ${s.id}`}
      add={t.addSurvey}
      make={() => ({ id: freshId('survey', contentIds(doc)), kind: 'nps', question: '' })}
    >
      {(path, s) => (
        <Fragment>
          <Row>
            <Text path={[...path, 'id']} label={t.id} required help={t.idHelp} />
            <Choice path={[...path, 'kind']} label={t.surveyKind} options={SURVEY_KINDS} names={t.surveyKinds} />
            <Num path={[...path, 'priority']} label={t.priority} step={1} />
          </Row>
          <Localized path={[...path, 'question']} label={t.question} required />
          {s.kind === 'choice' && (
            <Fragment>
              <ItemList<LocalizedText>
                path={[...path, 'choices']}
                title={(c, i) => `${t.choice} ${i + 1}: ${localize(c, 'en') ?? ''}`}
                add={t.addChoice}
                make={() => ''}
              >
                {(cPath) => <Localized path={cPath} label={t.choiceText} />}
              </ItemList>
              <Flag path={[...path, 'multiple']} label={t.multiple} />
            </Fragment>
          )}
          <AudienceField path={[...path, 'audience']} />
          <TriggerFields path={[...path, 'trigger']} />
          <RepeatField path={[...path, 'repeat']} />
        </Fragment>
      )}
    </ItemList>
  );
}
