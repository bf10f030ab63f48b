import { Fragment, h } from 'preact';
import { CONSENT_MODES, THEME_MODES } from '@touchpoint/content';
import { getAt } from './doc-path.js';
import { Choice, Flag, Group, Num, Row, Text, useEditor } from './fields.js';

/** The project's settings (throttle, locale, consent, holdout…) and the theme of the built-in UI. */
export function SettingsSection() {
  const { doc, set, t } = useEditor();
  const accent = getAt(doc, ['settings', 'theme', 'accent']);
  return (
    <Fragment>
      <Group path={['settings', 'throttle']} legend={t.throttle}>
        <Row>
          <Num path={['settings', 'throttle', 'maxPerSession']} label={t.maxPerSession} min={0} step={1} />
          <Num path={['settings', 'throttle', 'minMinutesBetween']} label={t.minMinutesBetween} min={0} />
        </Row>
      </Group>
      <Row>
        <Text path={['settings', 'locale']} label={t.locale} help={t.localeHelp} />
        <Choice path={['settings', 'consent']} label={t.consent} options={CONSENT_MODES} names={t.consentModes} empty={t.byDefault} />
        <Num path={['settings', 'holdout']} label={t.holdout} min={0} max={100} />
        <Flag path={['settings', 'identityVerification']} label={t.identityVerification} />
        <Flag path={['settings', 'captureClicks']} label={t.captureClicks} />
      </Row>
      <Group path={['settings', 'theme']} legend={t.theme}>
        <Row>
          <Text path={['settings', 'theme', 'accent']} label={t.accent} help={t.accentHelp} />
          {/* A picker beside the text: the text takes any CSS colour, the picker only #rrggbb. */}
          <div class="f">
            <label for="accent-picker">{t.accentPicker}</label>
            <input
              id="accent-picker"
              type="color"
              value={typeof accent === 'string' && /^#[0-9a-f]{6}$/i.test(accent) ? accent : '#4f46e5'}
              onInput={(e) => set(['settings', 'theme', 'accent'], (e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <Text path={['settings', 'theme', 'radius']} label={t.radius} help={t.radiusHelp} parse={(v) => (/^\d+(\.\d+)?$/.test(v) ? Number(v) : v)} />
          <Text path={['settings', 'theme', 'font']} label={t.font} />
          <Choice path={['settings', 'theme', 'mode']} label={t.mode} options={THEME_MODES} names={t.themeModes} empty={t.byDefault} />
        </Row>
      </Group>
    </Fragment>
  );
}
