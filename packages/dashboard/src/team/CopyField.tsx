import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { TeamStrings } from './strings.js';

/** A value to copy (an invitation link, a new key): read-only, selected on focus, with a Copy button. */
export function CopyField({ s, label, value }: { s: TeamStrings; label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="actions">
      <label class="field wide">
        <span class="sr-only">{label}</span>
        <input readOnly value={value} class="code" onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
      </label>
      <button
        type="button"
        onClick={() =>
          navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {s.copy}
        <span class="sr-only"> {label}</span>
      </button>
      <span role="status">{copied ? s.copied : ''}</span>
    </div>
  );
}
