import { PASSWORD_LENGTH } from '@touchpoint/content';
import { h, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { changePassword } from '../api.js';
import { fmt } from '../i18n/locale.js';
import { Loading } from '../shared.js';
import { Card, Field, useSubmit } from '../signin.js';
import { type TeamStrings, useTeamStrings } from './strings.js';

/**
 * A new password typed twice, long enough: checked here before it is sent (the collector
 * checks the length again). `current` asks for the present password too.
 */
export function NewPassword({
  s,
  title,
  lead,
  current,
  submit,
  onSave,
}: {
  s: TeamStrings;
  title: string;
  lead?: ComponentChildren;
  current: boolean;
  submit: string;
  onSave: (next: string, current: string) => Promise<void>;
}) {
  const [old, setOld] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const { busy, error, setError, run } = useSubmit();
  const rule = fmt(s.passwordRule, { n: PASSWORD_LENGTH.min });
  return (
    <Card
      title={title}
      lead={lead}
      submit={submit}
      busy={busy}
      error={error}
      onSubmit={() => {
        if (next.length < PASSWORD_LENGTH.min) return setError(rule);
        if (next !== again) return setError(s.passwordsDiffer);
        void run(() => onSave(next, old));
      }}
    >
      {current && <Field label={s.currentPassword} type="password" value={old} onInput={setOld} autoComplete="current-password" />}
      <Field label={s.newPassword} type="password" value={next} onInput={setNext} autoComplete="new-password" help={rule} />
      <Field label={s.repeatPassword} type="password" value={again} onInput={setAgain} autoComplete="new-password" />
    </Card>
  );
}

/** After a one-time password: the member chooses theirs before anything else. */
export function ChoosePassword({ onDone }: { onDone: () => void }) {
  const s = useTeamStrings();
  if (!s) return <Loading />;
  return (
    <NewPassword
      s={s}
      title={s.choosePassword}
      lead={<p class="muted">{s.choosePasswordWhy}</p>}
      current
      submit={s.savePassword}
      onSave={async (next, current) => {
        await changePassword(current, next);
        onDone();
      }}
    />
  );
}
