import { featureUses, type Feature, type HealthSettings } from '@touchpoint/content';
import { accountCountKey, featureUseKey } from './facts/rollup-keys.js';

/** What one account did in one window: days with any activity, and per signal key the count. */
export interface AccountWindow {
  activeDays: number;
  /** `event:NAME` or `feature:ID` → occurrences in the window. */
  counts: Record<string, number>;
}

export interface HealthScore {
  score: number;
  /** The components, weakest first, as readable reasons (for alerts and the dashboard). */
  reasons: string[];
}

/**
 * The keys of the per-account daily counts a signal adds up: its event, or every event
 * that means its feature was used (`featureUses`: `Feature Used` naming it, or the
 * feature's own event), as the SDK's facts and the adoption report count it.
 */
export function signalKeys(signal: HealthSettings['signals'][number], features: readonly Feature[] | undefined): string[] {
  if ('event' in signal) return [accountCountKey('event', signal.event)];
  return featureUses(signal.feature, features).map((use) => {
    const { kind, key } = featureUseKey(use);
    return accountCountKey(kind, key);
  });
}

/**
 * An account's health, 0–100, over a window of `windowDays` (default 14):
 * - active days: the share of the window's days with any activity (weight 1);
 * - each signal: occurrences per day over the window, capped at 1 (once a day is full marks),
 *   with its weight;
 * score = 100 × Σ(weight × component) / Σ(weight), rounded to a whole number.
 */
export function healthScore(settings: HealthSettings, window: AccountWindow, features?: readonly Feature[]): HealthScore {
  const parts = healthComponents(settings, window, features);
  const total = parts.reduce((sum, p) => sum + p.weight, 0) || 1;
  const score = Math.round((100 * parts.reduce((sum, p) => sum + p.weight * p.value, 0)) / total);
  const reasons = [...parts].sort((a, b) => a.value - b.value).map((p) => `${p.label}: ${Math.round(p.value * 100)}%`);
  return { score, reasons };
}

/** One part of a health score: active days, or one signal, with what the window counted. */
export interface HealthComponent {
  label: string;
  /** The signal's event or feature (none for active days). */
  signal?: HealthSettings['signals'][number];
  /** Active days, or the signal's occurrences, in the window. */
  count: number;
  /** count per day of the window, capped at 1. */
  value: number;
  weight: number;
}

/** The parts {@link healthScore} weighs, in the content's order (active days first); `features` are the content's. */
export function healthComponents(settings: HealthSettings, window: AccountWindow, features?: readonly Feature[]): HealthComponent[] {
  const days = settings.windowDays ?? 14;
  return [
    { label: 'active days', count: window.activeDays, value: Math.min(1, window.activeDays / days), weight: 1 },
    ...settings.signals.map((signal) => {
      const count = signalKeys(signal, features).reduce((sum, key) => sum + (window.counts[key] ?? 0), 0);
      const label = 'event' in signal ? `"${signal.event}" events` : `feature "${signal.feature}"`;
      return { label, signal, count, value: Math.min(1, count / days), weight: signal.weight };
    }),
  ];
}
