import { h, render } from 'preact';
import { App } from './app.js';
import { applyLocale, pickLocale, storedLocale } from './i18n/locale.js';
import './styles.css';

const start = () => render(<App />, document.getElementById('app')!);
// The language is set before the first render (no English flash for a Japanese browser); when
// the Japanese chunk cannot load, the dashboard opens in English.
applyLocale(pickLocale(navigator.languages ?? [navigator.language], storedLocale())).then(start, start);
