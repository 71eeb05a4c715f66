import type { OperatorMetricGroup } from '../api/types';
import { formatValue, operatorCharts, polyline, type Chart } from '../lib/metrics';
import { Info } from './common';

const W = 300;
const H = 70;

function ChartFigure({ chart }: { chart: Chart }) {
  const points = chart.series.flatMap((s) => s.points);
  const t0 = Math.min(...points.map((p) => p.time));
  const t1 = Math.max(...points.map((p) => p.time));
  const max = chart.max ?? Math.max(...points.map((p) => p.value), 1);
  const latest = chart.series.map((s) => `${s.name} ${s.points.length ? formatValue(s.points[s.points.length - 1].value, chart.unit) : '—'}`);
  const seconds = Math.round((t1 - t0) / 1_000_000);
  return (
    <figure className="chart" data-chart={chart.title}>
      <figcaption>
        <strong>{chart.title}</strong>{' '}
        {chart.series.map((s, i) => (
          <span key={s.name} className={`legend s${i}`}>{latest[i]}</span>
        ))}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={`${chart.title}: ${latest.join(', ')}, over the last ${seconds} s`}>
        <line className="axis" x1={0} y1={H - 0.5} x2={W} y2={H - 0.5} />
        <line className="grid" x1={0} y1={0.5} x2={W} y2={0.5} />
        {chart.series.map((s, i) => (
          <polyline key={s.name} className={`line s${i}`} data-series={s.name} data-points={s.points.length} fill="none" vectorEffect="non-scaling-stroke"
            points={polyline(s.points, W, H - 1, t0, t1, max)} />
        ))}
      </svg>
      <div className="chart-scale muted"><span>{formatValue(max, chart.unit)} top</span><span>last {seconds} s</span></div>
    </figure>
  );
}

/**
 * Time-series charts of one operator (records and bytes in and out per second, backpressure) from
 * the job's operator_metric_groups.
 */
export function OperatorChart({ groups, nodeId }: { groups: OperatorMetricGroup[]; nodeId: string }) {
  const charts = operatorCharts(groups, nodeId);
  if (charts.length === 0) return <Info>No metrics yet for this operator: its workers report them every few seconds while it runs.</Info>;
  return (
    <div className="charts" data-testid="operator-charts">
      {charts.map((c) => <ChartFigure key={c.title} chart={c} />)}
    </div>
  );
}
