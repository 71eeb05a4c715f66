import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { BASE, api } from '../api/client';
import type {
  CheckpointCollection, Job, JobCollection, JobLogMessageCollection, JobTransitionCollection,
  OperatorCheckpointGroupCollection, OperatorMetricGroupCollection, OutputData, Pipeline, StopMode,
} from '../api/types';
import { ErrorMessage, Info, Loading, StateBadge, Tabs } from '../components/common';
import { Graph } from '../components/Graph';
import { OperatorChart } from '../components/OperatorChart';
import { RowsGrid } from '../components/RowsGrid';
import { ENDED_STATES, formatBytes, formatDurationMicros, formatMicros } from '../lib/format';
import { useApi } from '../lib/hooks';
import { appendBounded, rowOf, type Row } from '../lib/output';
import { latestJobs } from '../lib/jobs';
import { operatorStats } from '../lib/metrics';

type Tab = 'outputs' | 'checkpoints' | 'query' | 'errors' | 'history';
const STOP_MODES: StopMode[] = ['checkpoint', 'graceful', 'immediate', 'force'];

export function PipelineDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const pipeline = useApi<Pipeline>(`/pipelines/${id}`, 5000);
  const jobs = useApi<JobCollection>(`/pipelines/${id}/jobs`, 2000);
  const job: Job | undefined = latestJobs(jobs.data?.data ?? []).get(id);
  const [tab, setTab] = useState<Tab>('outputs');
  const [selected, setSelected] = useState<string | null>(null);
  const [stopMode, setStopMode] = useState<StopMode>('checkpoint');
  const [parallelism, setParallelism] = useState(1);
  const [ignoreState, setIgnoreState] = useState(false);
  const [pending, setPending] = useState<{ action: string; until: (j?: Job) => boolean } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  useEffect(() => {
    if (pending && pending.until(job)) setPending(null);
  }, [job, pending]);
  // the operators' metrics: every 2 s while the job runs, once otherwise (the server keeps the last minutes)
  const running = job?.state === 'Running';
  const metrics = useApi<OperatorMetricGroupCollection>(job?.id ? `/pipelines/${id}/jobs/${job.id}/operator_metric_groups` : null, running ? 2000 : undefined);
  const groups = useMemo(() => metrics.data?.data ?? [], [metrics.data]);
  const stats = useMemo(() => operatorStats(groups), [groups]);

  if (pipeline.error && !pipeline.data) return <ErrorMessage error={pipeline.error} title="Pipeline" />;
  if (!pipeline.data) return <Loading what="pipeline" />;
  const p = pipeline.data;
  const state = job?.state;
  const ended = !job || ENDED_STATES.has(state ?? '');

  const act = (action: string, promise: Promise<unknown>, until: (j?: Job) => boolean) => {
    setActionError(null);
    setPending({ action, until });
    promise
      .then(() => {
        pipeline.reload();
        jobs.reload();
      })
      .catch((e: Error) => {
        setPending(null);
        setActionError(e.message);
      });
  };
  const del = () => {
    if (!window.confirm(`Delete pipeline ${p.name}? A running job is stopped first.`)) return;
    setPending({ action: 'Deleting', until: () => false });
    api.del(`/pipelines/${id}`).then(() => navigate('/pipelines')).catch((e: Error) => {
      setPending(null);
      setActionError(e.message);
    });
  };

  return (
    <section>
      <h1>
        {p.name} <StateBadge state={state} />
      </h1>
      <p className="muted">
        {p.id} · created {formatMicros(p.created_at)} · checkpoint every {formatDurationMicros(p.checkpoint_interval_micros)}
        {job?.failure_reason?.error && <span className="error-text"> · {job.failure_reason.error}</span>}
      </p>
      <div className="toolbar actions" aria-label="Pipeline actions">
        {!ended && (
          <>
            <label>Stop mode <select value={stopMode} onChange={(e) => setStopMode(e.target.value as StopMode)}>{STOP_MODES.map((m) => <option key={m}>{m}</option>)}</select></label>
            <button disabled={!!pending} onClick={() => act('Stopping', api.patch(`/pipelines/${id}`, { stop: stopMode }), (j) => ENDED_STATES.has(j?.state ?? ''))}>Stop</button>
            <label>Parallelism <input type="number" min={1} max={64} value={parallelism} onChange={(e) => setParallelism(Number(e.target.value))} /></label>
            <button disabled={!!pending} onClick={() => act('Rescaling', api.patch(`/pipelines/${id}`, { parallelism }), (j) => j?.state === 'Running')}>Rescale</button>
          </>
        )}
        {ended && <button disabled={!!pending} onClick={() => act('Starting', api.patch(`/pipelines/${id}`, { stop: 'none' }), (j) => j?.state === 'Running' || j?.state === 'Finished' || j?.state === 'Failed')}>Start</button>}
        <label><input type="checkbox" checked={ignoreState} onChange={(e) => setIgnoreState(e.target.checked)} /> without state</label>
        <button disabled={!!pending} onClick={() => act('Restarting', api.post(`/pipelines/${id}/restart`, { force: false, ignore_state: ignoreState }), (j) => j?.state === 'Running' || ENDED_STATES.has(j?.state ?? ''))}>Restart</button>
        <button className="danger" disabled={!!pending} onClick={del}>Delete</button>
        {pending && <span className="progress" role="status">{pending.action}… ({state ?? 'no job'})</span>}
      </div>
      <ErrorMessage error={actionError} />
      <div className="split">
        <div className="pane">
          <Graph graph={p.graph} selected={selected} onSelect={setSelected} stats={stats} />
        </div>
        <div className="pane side" data-testid="operator-panel">
          {selected ? (
            <>
              <h2>Operator {selected} <button className="link" onClick={() => setSelected(null)} aria-label="Close operator panel">×</button></h2>
              <p className="muted">{p.graph?.nodes?.find((n) => n.node_id === selected)?.description}</p>
              <ErrorMessage error={metrics.error} title="Metrics" />
              {job?.id ? <OperatorChart groups={groups} nodeId={selected} /> : <Info>No job.</Info>}
            </>
          ) : (
            <Info>Select an operator (click it, or Tab to it and press Enter) for charts of its records, bytes and backpressure.</Info>
          )}
        </div>
      </div>
      <Tabs<Tab>
        tabs={[{ id: 'outputs', label: 'Outputs' }, { id: 'checkpoints', label: 'Checkpoints' }, { id: 'query', label: 'Query' }, { id: 'errors', label: 'Errors' }, { id: 'history', label: 'State history' }]}
        current={tab}
        onChange={setTab}
      />
      <div role="tabpanel">
        {tab === 'query' && <pre className="query">{p.query}</pre>}
        {job?.id && tab === 'outputs' && <OutputTail pipelineId={id} jobId={job.id} running={!ended} />}
        {job?.id && tab === 'checkpoints' && <Checkpoints pipelineId={id} jobId={job.id} />}
        {job?.id && tab === 'errors' && <Errors pipelineId={id} jobId={job.id} />}
        {job?.id && tab === 'history' && <History pipelineId={id} jobId={job.id} />}
        {!job?.id && tab !== 'query' && <Info>The pipeline has no job yet.</Info>}
      </div>
    </section>
  );
}

function OutputTail({ pipelineId, jobId, running }: { pipelineId: string; jobId: string; running: boolean }) {
  const [rows, setRows] = useState<Row[]>([]);
  const key = useRef(0);
  useEffect(() => {
    if (!running) return;
    const source = new EventSource(`${BASE}/pipelines/${pipelineId}/jobs/${jobId}/output`);
    source.onmessage = (e) => {
      try {
        const row = rowOf(key.current++, JSON.parse(e.data) as OutputData);
        setRows((r) => appendBounded(r, [row], 200));
      } catch {
        // not a row
      }
    };
    source.onerror = () => source.close();
    return () => source.close();
  }, [pipelineId, jobId, running]);
  return (
    <>
      <p className="muted">Rows of the pipeline's preview sinks (a bare SELECT) as they arrive; the last 200 are kept.</p>
      <RowsGrid rows={rows} empty={running ? 'Waiting for rows…' : 'The job is not running.'} />
    </>
  );
}

function Checkpoints({ pipelineId, jobId }: { pipelineId: string; jobId: string }) {
  const list = useApi<CheckpointCollection>(`/pipelines/${pipelineId}/jobs/${jobId}/checkpoints`, 5000);
  const [epoch, setEpoch] = useState<number | null>(null);
  const groups = useApi<OperatorCheckpointGroupCollection>(
    epoch === null ? null : `/pipelines/${pipelineId}/jobs/${jobId}/checkpoints/${epoch}/operator_checkpoint_groups`,
  );
  const data = [...(list.data?.data ?? [])].reverse();
  const ops = groups.data?.data ?? [];
  const t0 = Math.min(...ops.map((o) => o.start_time ?? Infinity));
  const t1 = Math.max(...ops.map((o) => o.finish_time ?? 0));
  const span = Math.max(t1 - t0, 1);
  return (
    <div className="split">
      <div className="pane">
        <ErrorMessage error={list.error} title="Checkpoints" />
        <div className="scroll">
          <table>
            <thead><tr><th>Epoch</th><th>State</th><th>Started</th><th>Duration</th><th>Size</th></tr></thead>
            <tbody>
              {data.map((c) => (
                <tr key={c.epoch} className={epoch === c.epoch ? 'selected' : ''}>
                  <td><button className="link" onClick={() => setEpoch(c.epoch ?? null)}>{c.epoch}</button></td>
                  <td>{c.state}{c.failure && <span className="error-text"> {c.failure}</span>}</td>
                  <td>{formatMicros(c.start_time)}</td>
                  <td>{c.finish_time ? formatDurationMicros(c.finish_time - (c.start_time ?? 0)) : '…'}</td>
                  <td>{formatBytes(c.bytes)}</td>
                </tr>
              ))}
              {data.length === 0 && <tr><td colSpan={5} className="muted">No checkpoints yet.</td></tr>}
            </tbody>
          </table>
        </div>
      </div>
      <div className="pane side">
        <h2>{epoch === null ? 'Timeline' : `Checkpoint ${epoch}`}</h2>
        {epoch === null && <Info>Select a checkpoint for its timeline per operator and subtask.</Info>}
        <ErrorMessage error={groups.error} title="Timeline" />
        {ops.map((o) => (
          <div key={o.operator_id} className="timeline">
            <strong>{o.operator_id}</strong> <span className="muted">{formatBytes(o.bytes)}, {formatDurationMicros((o.finish_time ?? 0) - (o.start_time ?? 0))}</span>
            {(o.subtasks ?? []).map((s) => (
              <div key={s.index} className="lane" title={`subtask ${s.index}`}>
                <span className="lane-label">#{s.index}</span>
                <div className="lane-track">
                  {(s.event_spans ?? []).map((e, i) => (
                    <span
                      key={i}
                      className={`span ev-${i % 4}`}
                      title={`${e.event}: ${e.description ?? ''} ${formatDurationMicros((e.finish_time ?? 0) - (e.start_time ?? 0))}`}
                      style={{ left: `${(((e.start_time ?? t0) - t0) / span) * 100}%`, width: `${Math.max((((e.finish_time ?? 0) - (e.start_time ?? 0)) / span) * 100, 0.5)}%` }}
                    />
                  ))}
                </div>
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

const ERRORS_PAGE = 20;

function Errors({ pipelineId, jobId }: { pipelineId: string; jobId: string }) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const page = useApi<JobLogMessageCollection>(
    `/pipelines/${pipelineId}/jobs/${jobId}/errors?limit=${ERRORS_PAGE}${after ? `&starting_after=${encodeURIComponent(after)}` : ''}`,
    5000,
  );
  const data = page.data?.data ?? [];
  return (
    <>
      <ErrorMessage error={page.error} title="Errors" />
      <div className="scroll">
        <table>
          <thead><tr><th>Time</th><th>Level</th><th>Operator</th><th>Message</th></tr></thead>
          <tbody>
            {data.map((m) => (
              <tr key={m.id}>
                <td>{formatMicros(m.created_at)}</td>
                <td>{m.log_level}</td>
                <td>{m.operator_id}{m.task_index !== undefined && m.task_index !== null ? ` #${m.task_index}` : ''}</td>
                <td>{m.message}{m.details && <details><summary>details</summary><pre>{m.details}</pre></details>}</td>
              </tr>
            ))}
            {data.length === 0 && <tr><td colSpan={4} className="muted">No errors.</td></tr>}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</button>
        <span>Page {cursors.length}</span>
        <button disabled={!page.data?.hasMore} onClick={() => setCursors((c) => [...c, data[data.length - 1]?.id])}>Next</button>
      </div>
    </>
  );
}

function History({ pipelineId, jobId }: { pipelineId: string; jobId: string }) {
  const history = useApi<JobTransitionCollection>(`/pipelines/${pipelineId}/jobs/${jobId}/history`, 3000);
  return (
    <>
      <ErrorMessage error={history.error} title="History" />
      <ol className="history">
        {(history.data?.data ?? []).map((t, i) => (
          <li key={i}>
            {formatMicros(t.at)}: {t.from ?? '—'} → <strong>{t.to}</strong> {t.reason && <span className="muted">({t.reason})</span>}
          </li>
        ))}
      </ol>
    </>
  );
}
