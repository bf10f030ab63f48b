// @vitest-environment happy-dom
import type { ContentMessage, Survey } from '@touchpoint/content';
import { describe, expect, it } from 'vitest';
import { brokenMessage, brokenSurvey } from './broken-items.js';

// A document that reached the browser without validation: kinds as the contract lists them (§6).
const message = (kind: string) => ({ id: 'm', kind, target: '#x' }) as unknown as ContentMessage;
const survey = (kind: string) => ({ id: 's', kind, question: 'Q?', choices: ['a', 'b'] }) as unknown as Survey;

describe('broken items', () => {
  it('accepts every message kind of the contract and refuses any other', () => {
    for (const kind of ['modal', 'banner', 'slideout', 'tooltip', 'hotspot']) expect(brokenMessage(message(kind), document)).toBeUndefined();
    expect(brokenMessage(message('popup'), document)).toBe('message "m" has an unknown kind');
  });

  it('accepts every survey kind of the contract and refuses any other', () => {
    for (const kind of ['nps', 'rating', 'choice', 'text']) expect(brokenSurvey(survey(kind), document)).toBeUndefined();
    expect(brokenSurvey(survey('csat'), document)).toBe('survey "s" has an unknown kind');
  });
});
