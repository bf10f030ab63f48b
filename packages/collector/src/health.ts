import type { HealthSettings } from '@touchpoint/content';

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

/** The signal's key in the per-account daily counts. */
export function signalKey(signal: HealthSettings['signals'][number]): string {
  return 'event' in signal ? `event:${signal.event}` : `feature:${signal.feature}`;
}

/**
 * An account's health, 0–100, over a window of `windowDays` (default 14):
 * - active days: the share of the window's days with any activity (weight 1);
 * - each signal: occurrences per day over the window, capped at 1 (once a day is full marks),
 *   with its weight;
 * score = 100 × Σ(weight × component) / Σ(weight), rounded to a whole number.
 */
export function healthScore(settings: HealthSettings, window: AccountWindow): HealthScore {
  const parts = healthComponents(settings, window);
  const total = parts.reduce((sum, p) => sum + p.weight, 0) || 1;
  const score = Math.round((100 * parts.reduce((sum, p) => sum + p.weight * p.value, 0)) / total);
  const reasons = [...parts]
    .sort((a, b) => a.value - b.value)
    .map((p) => `${p.label}: ${Math.round(p.value * 100)}%`);
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

/** The parts {@link healthScore} weighs, in the content's order (active days first). */
export function healthComponents(settings: HealthSettings, window: AccountWindow): HealthComponent[] {
  const days = settings.windowDays ?? 14;
  return [
    { label: 'active days', count: window.activeDays, value: Math.min(1, window.activeDays / days), weight: 1 },
    ...settings.signals.map((signal) => {
      const count = window.counts[signalKey(signal)] ?? 0;
      const label = 'event' in signal ? `"${signal.event}" events` : `feature "${signal.feature}"`;
      return { label, signal, count, value: Math.min(1, count / days), weight: signal.weight };
    }),
  ];
}
