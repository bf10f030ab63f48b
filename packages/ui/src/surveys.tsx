/** The survey chunk (NPS, rating, choice, text), loaded the first time a survey shows. */
/// <reference path="./env.d.ts" />
import { h, render } from 'preact';
import { adoptOnce } from './adopt.js';
import { Survey } from './Survey.js';
import CSS from './survey.css?inline';
import type { SurveyActions, SurveyView } from './view.js';
import { widgetStrings } from './widget-strings.js';

const installed = new WeakSet<Node>();

export function showSurvey(el: HTMLElement, view: SurveyView, actions: SurveyActions, locale: string): void {
  adoptOnce(el, CSS, installed);
  render(<Survey key={view.key} view={view} actions={actions} strings={widgetStrings(locale)} />, el);
}
