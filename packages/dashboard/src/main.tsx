import { h, render } from 'preact';
import { currentSession } from './api.js';
import { App, preloadRoute } from './app.js';
import { applyLocale, pickLocale, storedLocale } from './i18n/locale.js';
import './styles.css';

// Who is signed in, and the opened page's chunk, are asked for at once, before the first render.
const session = currentSession();
// App handles a failure (it shows the sign-in); this keeps it from being reported before App waits on it.
session.catch(() => undefined);
preloadRoute();
const start = () => render(<App session={session} />, document.getElementById('app')!);
// The language is set before the first render (no English flash for a Japanese browser); when
// the Japanese chunk cannot load, the dashboard opens in English.
applyLocale(pickLocale(navigator.languages ?? [navigator.language], storedLocale())).then(start, start);
