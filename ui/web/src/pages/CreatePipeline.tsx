import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { ConnectionTableCollection, GlobalUdfCollection, Pipeline, QueryValidationResult } from '../api/types';
import { ErrorMessage, Info } from '../components/common';
import { Graph } from '../components/Graph';
import { RowsGrid } from '../components/RowsGrid';
import { SqlEditor } from '../components/SqlEditor';
import { connectionTablesOf, tablesOf } from '../lib/catalog';
import { diagnosticRange, type TextRange } from '../lib/diagnostics';
import { BUILTIN_FUNCTIONS, EXAMPLES } from '../lib/examples';
import { useApi, useDebounced } from '../lib/hooks';
import { appendBounded, rowOf, type Row } from '../lib/output';
import { startPreview, type PreviewHandle } from '../lib/preview';

const MAX_ROWS = 1000;
const STORAGE_KEY = 'wadi.editor.query';

export function CreatePipeline() {
  const navigate = useNavigate();
  const [query, setQuery] = useState(() => sessionStorage.getItem(STORAGE_KEY) ?? EXAMPLES[0].query);
  const debounced = useDebounced(query, 500);
  const [validation, setValidation] = useState<QueryValidationResult | null>(null);
  const [validateError, setValidateError] = useState<string | null>(null);
  const udfs = useApi<GlobalUdfCollection>('/udfs');
  const connectionTables = useApi<ConnectionTableCollection>('/connection_tables');
  const [rows, setRows] = useState<Row[]>([]);
  const [previewState, setPreviewState] = useState<'idle' | 'starting' | 'running' | 'done'>('idle');
  const [previewError, setPreviewError] = useState<string | null>(null);
  const preview = useRef<PreviewHandle | null>(null);
  const [name, setName] = useState('');
  const [parallelism, setParallelism] = useState(1);
  const [checkpointSeconds, setCheckpointSeconds] = useState(10);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => sessionStorage.setItem(STORAGE_KEY, query), [query]);

  useEffect(() => {
    let live = true;
    if (!debounced.trim()) return;
    api
      .post<QueryValidationResult>('/pipelines/validate_query', { query: debounced })
      .then((r) => {
        if (!live) return;
        setValidation(r);
        setValidateError(null);
      })
      .catch((e: Error) => live && setValidateError(e.message));
    return () => {
      live = false;
    };
  }, [debounced]);

  useEffect(() => () => preview.current?.close(), []);

  const declared = useMemo(() => tablesOf(debounced), [debounced]);
  const saved = useMemo(() => connectionTablesOf(connectionTables.data?.data ?? []), [connectionTables.data]);
  const tables = useMemo(() => [...declared, ...saved.filter((t) => !declared.some((d) => d.name === t.name))], [declared, saved]);
  const functions = useMemo(
    () => [...new Set([...BUILTIN_FUNCTIONS, ...(udfs.data?.data ?? []).map((u) => u.name ?? '').filter(Boolean)])].sort(),
    [udfs.data],
  );
  const diagnostics: TextRange[] = useMemo(
    () => (validation && debounced === query ? (validation.errors ?? []).map((d) => diagnosticRange(query, d)) : []),
    [validation, debounced, query],
  );
  const valid = validation !== null && (validation.errors ?? []).length === 0;

  const runPreview = async () => {
    preview.current?.close();
    setRows([]);
    setPreviewError(null);
    setPreviewState('starting');
    let key = 0;
    let pending: Row[] = [];
    let flush: number | undefined;
    try {
      preview.current = await startPreview(
        query,
        (data) => {
          pending.push(rowOf(key++, data));
          setPreviewState('running');
          if (flush === undefined) {
            flush = window.setTimeout(() => {
              const add = pending;
              pending = [];
              flush = undefined;
              setRows((r) => appendBounded(r, add, MAX_ROWS));
            }, 100);
          }
        },
        (error) => {
          setPreviewState('done');
          if (error) setPreviewError(error);
        },
      );
    } catch (e) {
      setPreviewState('idle');
      setPreviewError((e as Error).message);
    }
  };

  const stopPreview = () => {
    const p = preview.current;
    p?.close();
    if (p) api.patch(`/pipelines/${p.pipelineId}`, { stop: 'immediate' }).catch(() => undefined);
    setPreviewState('done');
  };

  const start = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const p = await api.post<Pipeline>('/pipelines', {
        name: name.trim(),
        query,
        parallelism,
        checkpoint_interval_micros: Math.round(checkpointSeconds * 1_000_000),
      });
      sessionStorage.removeItem(STORAGE_KEY);
      navigate(`/pipelines/${p.id}`);
    } catch (e) {
      setStartError((e as Error).message);
    } finally {
      setStarting(false);
    }
  };

  return (
    <section className="create">
      <h1>Create pipeline</h1>
      <div className="toolbar">
        <label>
          Example{' '}
          <select value="" onChange={(e) => e.target.value && setQuery(EXAMPLES[Number(e.target.value)].query)}>
            <option value="">choose…</option>
            {EXAMPLES.map((x, i) => <option key={x.name} value={i}>{x.name}</option>)}
          </select>
        </label>
      </div>
      <div className="split">
        <div className="pane">
          <SqlEditor value={query} onChange={setQuery} tables={tables} functions={functions} diagnostics={diagnostics} />
          <ErrorMessage error={validateError} title="Validation" />
          <div className="diagnostics" aria-live="polite" data-testid="diagnostics">
            {validation && debounced === query && (validation.errors ?? []).length === 0 && <span className="ok-text">Query is valid.</span>}
            {diagnostics.map((d, i) => <div key={i} className="message error">{d.message}</div>)}
          </div>
          <div className="toolbar">
            {previewState === 'starting' || previewState === 'running' ? (
              <button onClick={stopPreview}>Stop preview</button>
            ) : (
              <button className="primary" onClick={runPreview} disabled={!valid}>Preview</button>
            )}
            <span className="muted">{previewState === 'starting' ? 'Starting preview…' : previewState === 'running' ? `${rows.length} rows` : previewState === 'done' ? `Preview ended, ${rows.length} rows` : ''}</span>
          </div>
          <ErrorMessage error={previewError} title="Preview" />
          <RowsGrid rows={rows} empty={previewState === 'idle' ? 'Preview the query to see its rows here.' : 'No rows yet.'} />
        </div>
        <div className="pane side">
          <h2>Pipeline graph</h2>
          {valid ? <Graph graph={validation?.graph} height={300} /> : <Info>The graph shows once the query is valid.</Info>}
          <h2>Tables</h2>
          <ul className="catalog">
            {declared.map((t) => <li key={t.name}><strong>{t.name}</strong> {t.connector && <span className="muted">({t.connector})</span>} {t.columns.join(', ')}</li>)}
            {declared.length === 0 && <li className="muted">No CREATE TABLE yet.</li>}
          </ul>
          <h2>Connection tables</h2>
          <ul className="catalog">
            {saved.map((t) => <li key={t.name}><strong>{t.name}</strong> <span className="muted">({t.connector})</span> {t.columns.join(', ')}</li>)}
            {saved.length === 0 && <li className="muted">{connectionTables.error ? connectionTables.error.message : 'None: create them under Connections.'}</li>}
          </ul>
          <h2>Functions</h2>
          <p className="catalog muted">{functions.join(', ')}</p>
          <h2>Start</h2>
          <form className="form" onSubmit={(e) => { e.preventDefault(); start(); }}>
            <label>Name <input required value={name} onChange={(e) => setName(e.target.value)} placeholder="my-pipeline" /></label>
            <label>Parallelism <input type="number" min={1} max={64} value={parallelism} onChange={(e) => setParallelism(Number(e.target.value))} /></label>
            <label>Checkpoint interval (s) <input type="number" min={1} max={86400} value={checkpointSeconds} onChange={(e) => setCheckpointSeconds(Number(e.target.value))} /></label>
            <button className="primary" type="submit" disabled={!valid || starting || !name.trim()}>{starting ? 'Starting…' : 'Start pipeline'}</button>
          </form>
          <ErrorMessage error={startError} title="Start" />
        </div>
      </div>
    </section>
  );
}
