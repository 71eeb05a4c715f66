import type { OperatorMetricGroup } from '../api/arroyo';

export interface Series {
  name: string;
  points: { time: number; value: number }[];
}

/**
 * One series per metric of an operator (Arroyo's operator_metric_groups), the subtasks summed at each
 * time; points sorted by time.
 */
export function operatorSeries(groups: OperatorMetricGroup[], nodeId: string): Series[] {
  const group = groups.find((g) => String(g.nodeId) === nodeId);
  if (!group) return [];
  return group.metricGroups.map((mg) => {
    const sums = new Map<number, number>();
    for (const s of mg.subtasks) for (const m of s.metrics) sums.set(m.time, (sums.get(m.time) ?? 0) + m.value);
    return {
      name: mg.name,
      points: [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time, value })),
    };
  });
}

/** An SVG polyline's points for a series in a width × height box (time on x, value on y from 0). */
export function polyline(points: { time: number; value: number }[], width: number, height: number): string {
  if (points.length === 0) return '';
  const t0 = points[0].time;
  const t1 = points[points.length - 1].time;
  const max = Math.max(...points.map((p) => p.value), 1e-9);
  return points
    .map((p) => {
      const x = t1 === t0 ? width : ((p.time - t0) / (t1 - t0)) * width;
      const y = height - (p.value / max) * height;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
