import type { ContentChange } from '@touchpoint/content';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Project } from '../api.js';
import { DiffList } from '../DiffList.js';
import { fmt } from '../i18n/locale.js';
import { CollectorError, Empty, Loading, type PageProps, useApi } from '../shared.js';
import { useTeamStrings } from './strings.js';

interface Promotion {
  staging: { projectId: number; version?: number };
  production: { version?: number };
  changes: ContentChange[];
}

/**
 * Staging's published content, promoted to production after the diff is shown (publishers).
 * Opened from either environment; it always speaks to production, which checks that the
 * version promoted is still staging's current one (so nobody promotes what they did not see).
 */
export function PromotePage({ project, session }: PageProps) {
  const s = useTeamStrings();
  const production: Project = session?.projects.find((p) => p.id === (project.productionId ?? project.id)) ?? project;
  const promotion = useApi<Promotion>(production, '/v1/content/promotion');
  const [done, setDone] = useState<number>();
  const [error, setError] = useState<string>();
  if (!s || !promotion.data) return <Loading error={promotion.error} />;
  const { staging, production: live, changes } = promotion.data;
  if (staging.version === undefined) return <Empty>{s.nothingToPromote}</Empty>;
  return (
    <section class="card wide" aria-labelledby="promote-title">
      <h2 id="promote-title">{s.promoteButton}</h2>
      <p>{fmt(s.promoteVersions, { staging: staging.version, production: live.version ?? '–' })}</p>
      <p class="muted">{s.promoteAbout}</p>
      <DiffList changes={changes} />
      <button
        type="button"
        class="primary"
        disabled={!changes.length}
        onClick={() =>
          api<{ version: number }>(production, '/v1/content/promote', { method: 'POST', body: { version: staging.version } }).then(
            (r) => {
              setDone(r.version);
              promotion.reload();
            },
            (err: Error) => setError(err.message),
          )
        }
      >
        {s.promoteButton}
      </button>
      <p role="status" class="ok">
        {done !== undefined && fmt(s.promoted, { n: done })}
      </p>
      <CollectorError error={error} />
    </section>
  );
}
