import { h, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n/locale.js';
import { Loading } from './shared.js';

/**
 * A chunk loaded on first render (the Content page, its form editor), and whether it failed:
 * `retry` loads it again, so a dropped connection is not the end of the page. `loaded`: the chunk,
 * when it is already here (drawn at once, not a render later).
 */
export function useChunk<M>(load: () => Promise<M>, loaded?: M): { mod?: M; failed: boolean; retry: () => void } {
  const [mod, setMod] = useState<M | undefined>(() => loaded);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (mod) return;
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

/** A page that is a chunk of its own, and how to start loading it before it is drawn. */
export type LazyPage<P extends object> = ComponentType<P> & { preload: () => Promise<ComponentType<P>> };

/**
 * A page that is a chunk of its own (one that carries code the other pages do not need), drawn
 * once loaded; "Loading…" until then, and a retry if it fails. `preload()` starts the download
 * early (the dashboard asks for the opened route's chunk while it asks who is signed in); the
 * page then uses that same download, and a failed one is tried again by the retry.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let loading: Promise<ComponentType<P>> | undefined;
  let loaded: ComponentType<P> | undefined;
  const preload = () => {
    loading ??= load().then(
      (page) => (loaded = page),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  function LazyPage(props: P) {
    const { mod: Page, failed, retry } = useChunk(preload, loaded);
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
  }
  return Object.assign(LazyPage, { preload });
}
