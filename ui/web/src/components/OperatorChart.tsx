import { useEffect, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { OperatorMetricGroup } from '../api/arroyo';
import { operatorSeries, polyline } from '../lib/metrics';
import { ErrorMessage, Info } from './common';

const W = 260;
const H = 60;

/**
 * Time-series charts of one operator (records in/out, bytes, backpressure) from Arroyo's
 * operator_metric_groups; "no metrics yet" while the server does not have that endpoint.
 */
export function OperatorChart({ pipelineId, jobId, nodeId }: { pipelineId: string; jobId: string; nodeId: string }) {
  const [groups, setGroups] = useState<OperatorMetricGroup[] | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api
        .get<{ data: OperatorMetricGroup[] }>(`/pipelines/${pipelineId}/jobs/${jobId}/operator_metric_groups`)
        .then((r) => live && setGroups(r.data ?? []))
        .catch((e: ApiError) => {
          if (!live) return;
          if (e.status === 404) setMissing(true);
          else setError(e.message);
        });
    load();
    const t = window.setInterval(load, 5000);
    return () => {
      live = false;
      window.clearInterval(t);
    };
  }, [pipelineId, jobId]);
  if (missing) return <Info>No metrics yet: this server does not serve operator metrics.</Info>;
  if (error) return <ErrorMessage error={error} title="Metrics" />;
  if (!groups) return <p className="muted">Loading metrics…</p>;
  const series = operatorSeries(groups, nodeId);
  if (series.length === 0) return <Info>No metrics yet for this operator.</Info>;
  return (
    <div className="charts">
      {series.map((s) => (
        <figure key={s.name}>
          <figcaption>{s.name.replace(/_/g, ' ')}: {s.points.length ? s.points[s.points.length - 1].value.toFixed(1) : '—'}</figcaption>
          <svg width={W} height={H} role="img" aria-label={s.name}>
            <polyline fill="none" stroke="currentColor" strokeWidth="1.5" points={polyline(s.points, W, H)} />
          </svg>
        </figure>
      ))}
    </div>
  );
}
