import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { JobCollection, PipelineCollection } from '../api/types';
import { ErrorMessage, Loading, StateBadge } from '../components/common';
import { ENDED_STATES, formatMicros } from '../lib/format';
import { useApi } from '../lib/hooks';
import { latestJobs } from '../lib/jobs';
import { filterAndPage } from '../lib/paging';

const PAGE = 20;

export function Pipelines() {
  const pipelines = useApi<PipelineCollection>('/pipelines?limit=1000', 5000);
  const jobs = useApi<JobCollection>('/jobs', 3000);
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(0);
  const [actionError, setActionError] = useState<string | null>(null);
  const latest = latestJobs(jobs.data?.data ?? []);
  const all = (pipelines.data?.data ?? []).filter((p) => !p.preview);
  const shown = filterAndPage(all, (p) => `${p.name} ${p.id} ${latest.get(p.id ?? '')?.state ?? ''}`, filter, page, PAGE);
  const act = (promise: Promise<unknown>) =>
    promise
      .then(() => {
        setActionError(null);
        pipelines.reload();
        jobs.reload();
      })
      .catch((e: Error) => setActionError(e.message));
  return (
    <section>
      <h1>Pipelines</h1>
      <div className="toolbar">
        <label>
          Filter <input type="search" value={filter} onChange={(e) => { setFilter(e.target.value); setPage(0); }} placeholder="name, id or state" />
        </label>
        <Link className="button primary" to="/pipelines/new">Create pipeline</Link>
      </div>
      <ErrorMessage error={pipelines.error} title="Pipelines" />
      <ErrorMessage error={actionError} />
      {pipelines.loading && <Loading what="pipelines" />}
      <div className="scroll">
        <table>
          <thead>
            <tr><th>Name</th><th>State</th><th>Created</th><th>Parallelism</th><th>Actions</th></tr>
          </thead>
          <tbody>
            {shown.items.map((p) => {
              const job = latest.get(p.id ?? '');
              const running = job && !ENDED_STATES.has(job.state ?? '');
              return (
                <tr key={p.id}>
                  <td><Link to={`/pipelines/${p.id}`}>{p.name}</Link></td>
                  <td><StateBadge state={job?.state} /></td>
                  <td>{formatMicros(p.created_at)}</td>
                  <td>{p.graph?.nodes?.reduce((m, n) => Math.max(m, n.parallelism ?? 0), 0) ?? '—'}</td>
                  <td className="actions">
                    {running ? (
                      <button onClick={() => act(api.patch(`/pipelines/${p.id}`, { stop: 'checkpoint' }))}>Stop</button>
                    ) : (
                      <button onClick={() => act(api.patch(`/pipelines/${p.id}`, { stop: 'none' }))}>Start</button>
                    )}
                    <button className="danger" onClick={() => window.confirm(`Delete pipeline ${p.name}?`) && act(api.del(`/pipelines/${p.id}`))}>Delete</button>
                  </td>
                </tr>
              );
            })}
            {shown.total === 0 && !pipelines.loading && (
              <tr><td colSpan={5} className="muted">{filter ? 'No pipeline matches the filter.' : 'No pipelines yet.'}</td></tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button disabled={shown.page === 0} onClick={() => setPage(shown.page - 1)}>Previous</button>
        <span>Page {shown.page + 1} of {shown.pages} ({shown.total})</span>
        <button disabled={shown.page >= shown.pages - 1} onClick={() => setPage(shown.page + 1)}>Next</button>
      </div>
    </section>
  );
}
