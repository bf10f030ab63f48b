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
  const days = settings.windowDays ?? 14;
  const parts: Array<{ label: string; value: number; weight: number }> = [
    { label: 'active days', value: Math.min(1, window.activeDays / days), weight: 1 },
    ...settings.signals.map((s) => {
      const count = window.counts[signalKey(s)] ?? 0;
      const label = 'event' in s ? `"${s.event}" events` : `feature "${s.feature}"`;
      return { label, value: Math.min(1, count / days), weight: s.weight };
    }),
  ];
  const total = parts.reduce((sum, p) => sum + p.weight, 0) || 1;
  const score = Math.round((100 * parts.reduce((sum, p) => sum + p.weight * p.value, 0)) / total);
  const reasons = [...parts]
    .sort((a, b) => a.value - b.value)
    .map((p) => `${p.label}: ${Math.round(p.value * 100)}%`);
  return { score, reasons };
}
