import type { JobCollection, NodeCollection, ServerVersion } from '../api/types';
import { ErrorMessage, Loading } from '../components/common';
import { useApi } from '../lib/hooks';

export function Home() {
  const jobs = useApi<JobCollection>('/jobs', 5000);
  const version = useApi<ServerVersion>('/version');
  const nodes = useApi<NodeCollection>('/nodes', 5000);
  const count = (states: string[]) => (jobs.data?.data ?? []).filter((j) => states.includes(j.state ?? '')).length;
  return (
    <section>
      <h1>Home</h1>
      <ErrorMessage error={jobs.error} title="Jobs" />
      <div className="cards">
        <div className="card" data-testid="running"><span className="big">{jobs.data ? count(['Running']) : '…'}</span> running</div>
        <div className="card"><span className="big">{jobs.data ? count(['Finished', 'Stopped']) : '…'}</span> finished or stopped</div>
        <div className="card"><span className="big">{jobs.data ? count(['Failed']) : '…'}</span> failed</div>
        <div className="card"><span className="big">{jobs.data?.data?.length ?? '…'}</span> jobs in all</div>
      </div>
      <h2>Server</h2>
      <ErrorMessage error={version.error} title="Version" />
      {version.data && (
        <p data-testid="version">
          Version <strong>{version.data.version}</strong>, built {version.data.build}
        </p>
      )}
      <h2>Nodes</h2>
      <ErrorMessage error={nodes.error} title="Nodes" />
      {nodes.loading && <Loading what="nodes" />}
      <ul>
        {(nodes.data?.nodes ?? []).map((n) => (
          <li key={n.id}>
            <strong>{n.host}</strong> ({n.id}): schedulers {n.schedulers.join(', ') || 'none'}; {n.alive} of {n.workers} workers alive
            {n.slots != null && <>; {n.free_slots} of {n.slots} slots free</>}
          </li>
        ))}
      </ul>
    </section>
  );
}
