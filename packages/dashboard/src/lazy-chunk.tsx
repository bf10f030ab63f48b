import { h, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n/locale.js';
import { Loading } from './shared.js';

/**
 * A chunk loaded on first render (the Content page, its form editor), and whether it failed:
 * `retry` loads it again, so a dropped connection is not the end of the page.
 */
export function useChunk<M>(load: () => Promise<M>): { mod?: M; failed: boolean; retry: () => void } {
  const [mod, setMod] = useState<M>();
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      // A function (a component) would be taken for an updater: it is wrapped.
      (m) => live && setMod(() => m),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  return {
    mod,
    failed,
    retry: () => {
      setFailed(false);
      setAttempt((n) => n + 1);
    },
  };
}

/**
 * A page that is a chunk of its own (one that carries code the other pages do not need), drawn
 * once loaded; "Loading…" until then, and a retry if it fails.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  return function LazyPage(props: P) {
    const { mod: Page, failed, retry } = useChunk(load);
    if (Page) return <Page {...props} />;
    return failed ? (
      <p class="error" role="alert">
        {t.chunkFailed}{' '}
        <button type="button" onClick={retry}>
          {t.tryAgain}
        </button>
      </p>
    ) : (
      <Loading />
    );
  };
}
