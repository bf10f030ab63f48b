import { PASSWORD_LENGTH } from '@touchpoint/content';
import { h, type ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { ApiError, signIn, type Session } from './api.js';
import { fmt, parts, t } from './i18n/locale.js';
import { CollectorError } from './shared.js';

/**
 * Signing in with email and password (CONTRACT §8), in the main bundle. Choosing a password
 * (after a one-time password, or from an invitation) is in the team chunk (team/NewPassword.tsx):
 * each member does it once.
 */

/** A form of the sign-in card: one busy state, one error in an alert, the collector's words kept in English. */
export function Card({
  title,
  children,
  error,
  busy,
  submit,
  onSubmit,
  lead,
}: {
  title: string;
  lead?: ComponentChildren;
  children: ComponentChildren;
  error?: string;
  busy: boolean;
  submit: string;
  onSubmit: () => void;
}) {
  return (
    <form
      class="card-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h1>{title}</h1>
      {lead}
      {children}
      <CollectorError error={error} />
      <button type="submit" class="primary" disabled={busy}>
        {submit}
      </button>
    </form>
  );
}

/** A labelled input of a card. */
export function Field({
  label,
  type,
  value,
  onInput,
  autoComplete,
  help,
}: {
  label: string;
  type: 'email' | 'password';
  value: string;
  onInput: (v: string) => void;
  autoComplete: string;
  help?: string;
}) {
  const id = useId();
  // The help is outside the label: it describes the field without being part of its name.
  return (
    <div class="field">
      <label>
        <span>{label}</span>
        <input
          type={type}
          value={value}
          required
          autoComplete={autoComplete}
          maxLength={type === 'password' ? PASSWORD_LENGTH.max : 320}
          aria-describedby={help ? id : undefined}
          onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      {help && (
        <small id={id} class="muted">
          {help}
        </small>
      )}
    </div>
  );
}

/** Runs `action`, showing the collector's error (in its words) when it fails. */
export function useSubmit(): { busy: boolean; error?: string; setError: (e?: string) => void; run: (action: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return {
    busy,
    error,
    setError,
    run: async (action) => {
      setBusy(true);
      setError(undefined);
      try {
        await action();
      } catch (err) {
        setError(err instanceof ApiError ? err.message : fmt(t.collectorSaid, { error: (err as Error).message }));
      } finally {
        setBusy(false);
      }
    },
  };
}

export function SignIn({ onSignedIn, notice }: { onSignedIn: (s: Session) => void; notice?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();
  return (
    <Card
      title={t.signIn}
      lead={notice && <p class="muted">{notice}</p>}
      submit={t.signIn}
      busy={busy}
      error={error}
      onSubmit={() => run(async () => onSignedIn(await signIn(email.trim(), password)))}
    >
      <Field label={t.email} type="email" value={email} onInput={setEmail} autoComplete="username" />
      <Field label={t.password} type="password" value={password} onInput={setPassword} autoComplete="current-password" />
      <p class="muted">{parts(t.signInHelp, { cmd: <code>touchpoint user create</code> })}</p>
    </Card>
  );
}
