import { h } from 'preact';
import { fmt, num, plural, t } from './i18n/locale.js';

/**
 * Small SVG charts. Each has a text alternative (role="img" and a label summing it up) and
 * every mark is focusable with its own label, so the values are reachable by keyboard and
 * screen reader; colours come from CSS custom properties that follow light and dark mode.
 */

export interface Point {
  label: string;
  value: number;
}

/** Vertical bars over time (active users per day, events per day). */
export function BarChart({ points, title, unit }: { points: Point[]; title: string; unit: string }) {
  const max = Math.max(1, ...points.map((p) => p.value));
  const w = 100 / Math.max(1, points.length);
  const total = points.reduce((a, p) => a + p.value, 0);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox="0 0 100 40"
        preserveAspectRatio="none"
        role="img"
        aria-label={fmt(t.chartSummary, { title, days: plural(points.length, t.daysOne, t.daysOther), peak: num(max), unit, total: num(total) })}
      >
        {points.map((p, i) => {
          const height = (p.value / max) * 38;
          return (
            // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: each bar is focusable so keyboard users can read its value; role img carries that value as its name
            <rect
              key={p.label}
              class="bar"
              x={i * w + w * 0.1}
              y={40 - height}
              width={w * 0.8}
              height={Math.max(height, 0.3)}
              tabindex={0}
              role="img"
              aria-label={fmt(t.chartPoint, { label: p.label, value: num(p.value), unit })}
            >
              <title>{fmt(t.chartPoint, { label: p.label, value: num(p.value), unit })}</title>
            </rect>
          );
        })}
      </svg>
      <div class="axis">
        <span>{points[0]?.label}</span>
        <span>{points[points.length - 1]?.label}</span>
      </div>
    </figure>
  );
}

/** Horizontal bars with a value label (a funnel, features by adoption, the 0–10 histogram). */
export function HBars({ rows, title, format }: { rows: Array<{ label: string; value: number; note?: string }>; title: string; format: (v: number) => string }) {
  const max = Math.max(1e-9, ...rows.map((r) => r.value));
  return (
    <ul class="hbars" aria-label={title}>
      {rows.map((r) => (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: each row is focusable so keyboard users can read its value (the name holds it)
        <li key={r.label} tabIndex={0} aria-label={`${r.label}: ${format(r.value)}${r.note ? `, ${r.note}` : ''}`}>
          <span class="hlabel">{r.label}</span>
          <span class="htrack" aria-hidden="true">
            {/* biome-ignore lint/a11y/noSvgWithoutTitle: decorative: inside an aria-hidden track, the row names the value */}
            <svg viewBox="0 0 100 10" preserveAspectRatio="none">
              <rect class="bar" width={(r.value / max) * 100} height="10" />
            </svg>
          </span>
          <span class="hvalue">
            {format(r.value)}
            {r.note && <small> {r.note}</small>}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A score history as a line. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  if (values.length < 2) return <span class="muted">–</span>;
  const min = Math.min(...values);
  const span = Math.max(1, Math.max(...values) - min);
  const d = values.map((v, i) => `${i ? 'L' : 'M'}${((i / (values.length - 1)) * 60).toFixed(1)},${(18 - ((v - min) / span) * 16).toFixed(1)}`).join(' ');
  return (
    <svg class="spark" viewBox="0 0 60 20" role="img" aria-label={`${label}: ${values.join(', ')}`}>
      <path d={d} />
    </svg>
  );
}

/** A 0–100 score per day as a line (an account's health); each day's point is focusable with its value. */
export function ScoreChart({ points, title }: { points: Point[]; title: string }) {
  if (!points.length) return <p class="muted">{t.noScores}</p>;
  const values = points.map((p) => p.value);
  const x = (i: number) => (points.length === 1 ? 50 : 2 + (i / (points.length - 1)) * 96);
  const y = (v: number) => 38 - (Math.max(0, Math.min(100, v)) / 100) * 36;
  const summary = fmt(t.scoreSummary, {
    title,
    days: plural(points.length, t.daysOne, t.daysOther),
    first: values[0]!,
    last: values[values.length - 1]!,
    low: Math.min(...values),
    high: Math.max(...values),
  });
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label={summary}>
        <path class="line" d={points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(2)},${y(p.value).toFixed(2)}`).join(' ')} />
        {points.map((p, i) => (
          // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: each point is focusable so keyboard users can read its value; role img carries that value as its name
          <circle key={p.label} class="dot" cx={x(i)} cy={y(p.value)} r="1.2" tabindex={0} role="img" aria-label={`${p.label}: ${p.value}`}>
            <title>{`${p.label}: ${p.value}`}</title>
          </circle>
        ))}
      </svg>
      <div class="axis">
        <span>{points[0]!.label}</span>
        <span>{points[points.length - 1]!.label}</span>
      </div>
    </figure>
  );
}
