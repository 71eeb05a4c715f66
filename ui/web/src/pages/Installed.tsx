import { useRef, useState } from 'react';
import { api } from '../api/client';
import type { BundleUpload, InstalledBundleCollection } from '../api/types';
import { ErrorMessage, Info, Loading } from '../components/common';
import { useApi } from '../lib/hooks';

export function Installed() {
  const bundles = useApi<InstalledBundleCollection>('/bundles', 5000);
  const file = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = async () => {
    const f = file.current?.files?.[0];
    if (!f) return setError('choose a .jar file first');
    setError(null);
    try {
      const r = await api.post<BundleUpload>(`/bundles?filename=${encodeURIComponent(f.name)}`, f);
      setMessage(`Wrote ${r.file} (${r.symbolic_name} ${r.version}) into deploy/; it is installed in a few seconds.`);
      bundles.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section>
      <h1>Installed bundles</h1>
      <p className="muted">Connector and function bundles in this server, and bundles dropped into deploy/.</p>
      <ErrorMessage error={bundles.error} title="Bundles" />
      {bundles.loading && <Loading what="bundles" />}
      <div className="scroll">
        <table>
          <thead><tr><th>Bundle</th><th>Version</th><th>State</th><th>Connectors</th><th>Functions</th></tr></thead>
          <tbody>
            {(bundles.data?.data ?? []).map((b) => (
              <tr key={b.id}>
                <td><strong>{b.name || b.symbolic_name}</strong><br /><span className="muted">{b.symbolic_name}{b.deployed ? ' · deploy/' : ''}</span></td>
                <td>{b.version}</td>
                <td><span className={`badge ${b.state === 'Active' ? 'ok' : 'busy'}`}>{b.state}</span></td>
                <td>{(b.connectors ?? []).join(', ')}</td>
                <td>{(b.functions ?? []).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Upload a bundle</h2>
      {bundles.data && !bundles.data.upload_enabled ? (
        <Info>Upload is off. Set <code>api.bundle_upload = true</code> in etc/org.wadi.api.cfg to allow it.</Info>
      ) : (
        <div className="toolbar">
          <input ref={file} type="file" accept=".jar" aria-label="Bundle jar" />
          <button className="primary" onClick={upload}>Upload</button>
        </div>
      )}
      {message && <Info>{message}</Info>}
      <ErrorMessage error={error} title="Upload" />
    </section>
  );
}
