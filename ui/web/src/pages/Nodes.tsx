import { Link } from 'react-router-dom';
import type { NodeCollection } from '../api/types';
import { ErrorMessage, Loading } from '../components/common';
import { useApi } from '../lib/hooks';

export function Nodes() {
  const nodes = useApi<NodeCollection>('/nodes', 3000);
  return (
    <section>
      <h1>Nodes</h1>
      <ErrorMessage error={nodes.error} title="Nodes" />
      {nodes.loading && <Loading what="nodes" />}
      <div className="scroll">
        <table>
          <thead><tr><th>Node</th><th>Host</th><th>Schedulers</th><th>Slots</th><th>Free</th><th>Workers</th><th>Alive</th></tr></thead>
          <tbody>
            {(nodes.data?.nodes ?? []).map((n) => (
              <tr key={n.id}><td>{n.id}</td><td>{n.host}</td><td>{(n.schedulers ?? []).join(', ')}</td>
                <td>{n.slots ?? '–'}</td><td>{n.free_slots ?? '–'}</td><td>{n.workers}</td><td>{n.alive}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Workers</h2>
      <div className="scroll">
        <table>
          <thead><tr><th>Worker</th><th>Node</th><th>Job</th><th>Run</th><th>Scheduler</th><th>Alive</th><th>Where</th></tr></thead>
          <tbody>
            {(nodes.data?.workers ?? []).map((w) => (
              <tr key={w.worker_id}>
                <td>{w.worker_id}</td>
                <td>{w.node}</td>
                <td><Link to={`/pipelines`}>{w.job_id}</Link></td>
                <td>{w.run_id}</td>
                <td>{w.scheduler}</td>
                <td>{w.alive ? 'yes' : 'no'}</td>
                <td>{w.description}</td>
              </tr>
            ))}
            {nodes.data && (nodes.data.workers ?? []).length === 0 && <tr><td colSpan={7} className="muted">No workers: no job is running.</td></tr>}
          </tbody>
        </table>
      </div>
    </section>
  );
}
