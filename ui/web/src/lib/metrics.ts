import type { OperatorMetricGroup } from '../api/types';

// Arroyo's operator_metric_groups: per operator, one group per metric (messages_recv, messages_sent,
// bytes_recv, bytes_sent, backpressure, tx_queue_size, tx_queue_rem), each with one series per subtask
// of {time (µs), value}. Counts are per second already; backpressure is the share of time blocked (0..1).

export interface Point {
  time: number;
  value: number;
}

export interface Series {
  name: string;
  points: Point[];
}

/** What an operator does now: the last value of each subtask, rates summed, backpressure the worst. */
export interface OperatorStats {
  recordsIn: number;
  recordsOut: number;
  bytesIn: number;
  bytesOut: number;
  backpressure: number;
}

/** A chart of an operator: its series (one line each) on one scale. */
export interface Chart {
  title: string;
  unit: '/s' | 'B/s' | '%';
  /** the top of the scale when fixed (backpressure: 1), else the largest value */
  max?: number;
  series: Series[];
}

type Combine = 'sum' | 'max';

function groupOf(groups: OperatorMetricGroup[], nodeId: string, name: string) {
  return groups.find((g) => g.operator_id === nodeId)?.metric_groups?.find((m) => m.name === name);
}

/**
 * One series of a metric over an operator's subtasks: at each time any subtask reported, the last
 * value of each subtask up to then, summed (rates) or the largest (backpressure). Subtasks report at
 * slightly different times; carrying each one's last value forward keeps the sum from jumping.
 */
export function combinedSeries(groups: OperatorMetricGroup[], nodeId: string, name: string, combine: Combine = 'sum'): Point[] {
  const subtasks = (groupOf(groups, nodeId, name)?.subtasks ?? [])
    .map((s) => [...(s.metrics ?? [])].filter((m) => m.time !== undefined && m.value !== undefined)
      .sort((a, b) => a.time! - b.time!) as Point[])
    .filter((s) => s.length > 0);
  const times = [...new Set(subtasks.flatMap((s) => s.map((p) => p.time)))].sort((a, b) => a - b);
  const next = subtasks.map(() => 0);
  const last: (number | undefined)[] = subtasks.map(() => undefined);
  return times.map((time) => {
    subtasks.forEach((s, i) => {
      while (next[i] < s.length && s[next[i]].time <= time) last[i] = s[next[i]++].value;
    });
    const known = last.filter((v): v is number => v !== undefined);
    const value = combine === 'sum' ? known.reduce((a, b) => a + b, 0) : Math.max(0, ...known);
    return { time, value };
  });
}

const lastValue = (points: Point[]) => (points.length ? points[points.length - 1].value : 0);

/** The latest figures of each operator, by operator id. */
export function operatorStats(groups: OperatorMetricGroup[]): Map<string, OperatorStats> {
  const out = new Map<string, OperatorStats>();
  for (const g of groups) {
    const id = g.operator_id;
    if (!id) continue;
    out.set(id, {
      recordsIn: lastValue(combinedSeries(groups, id, 'messages_recv')),
      recordsOut: lastValue(combinedSeries(groups, id, 'messages_sent')),
      bytesIn: lastValue(combinedSeries(groups, id, 'bytes_recv')),
      bytesOut: lastValue(combinedSeries(groups, id, 'bytes_sent')),
      backpressure: Math.min(1, Math.max(0, lastValue(combinedSeries(groups, id, 'backpressure', 'max')))),
    });
  }
  return out;
}

/** The charts of an operator's panel: records in/out, bytes in/out, backpressure; none without data. */
export function operatorCharts(groups: OperatorMetricGroup[], nodeId: string): Chart[] {
  if (!groups.some((g) => g.operator_id === nodeId)) return [];
  const series = (name: string, label: string, combine: Combine = 'sum'): Series => ({ name: label, points: combinedSeries(groups, nodeId, name, combine) });
  const charts: Chart[] = [
    { title: 'Records', unit: '/s', series: [series('messages_recv', 'in'), series('messages_sent', 'out')] },
    { title: 'Bytes', unit: 'B/s', series: [series('bytes_recv', 'in'), series('bytes_sent', 'out')] },
    { title: 'Backpressure', unit: '%', max: 1, series: [series('backpressure', 'worst subtask', 'max')] },
  ];
  return charts.filter((c) => c.series.some((s) => s.points.length > 0));
}

/**
 * The hue of a backpressure (0..1, clamped): 120 (green) for none, through yellow, to 0 (red) when
 * always blocked. The style sheet sets saturation and lightness per theme for contrast.
 */
export function backpressureHue(backpressure: number): number {
  const b = Number.isFinite(backpressure) ? Math.min(1, Math.max(0, backpressure)) : 0;
  return Math.round(120 * (1 - b));
}

/** A rate for a label: 950, 12.3k, 4.5M (per second). */
export function formatRate(value: number): string {
  const v = Math.max(0, value);
  if (v >= 1e9) return `${(v / 1e9).toFixed(1)}G`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  if (v >= 10 || Number.isInteger(v)) return v.toFixed(0);
  return v.toFixed(1);
}

/** A value of a chart in its unit. */
export function formatValue(value: number, unit: Chart['unit']): string {
  return unit === '%' ? `${Math.round(value * 100)}%` : `${formatRate(value)}${unit}`;
}

/**
 * An SVG polyline's points for a series in a width × height box: time on x from t0 to t1, value on y
 * from 0 (bottom) to max (top).
 */
export function polyline(points: Point[], width: number, height: number, t0?: number, t1?: number, max?: number): string {
  if (points.length === 0) return '';
  const from = t0 ?? points[0].time;
  const to = t1 ?? points[points.length - 1].time;
  const top = max ?? Math.max(...points.map((p) => p.value), 1e-9);
  return points
    .map((p) => {
      const x = to === from ? width : ((p.time - from) / (to - from)) * width;
      const y = height - (Math.min(p.value, top) / top) * height;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
