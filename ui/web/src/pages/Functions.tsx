import { useState } from 'react';
import { api } from '../api/client';
import type { GlobalUdfCollection, UdfValidationResult } from '../api/types';
import { ErrorMessage, Loading } from '../components/common';
import { useApi } from '../lib/hooks';

const TEMPLATE = `import org.wadi.spi.function.ScalarFunction;

public class Double {
    public static long eval(long x) {
        return x * 2;
    }
}
`;

export function Functions() {
  const udfs = useApi<GlobalUdfCollection>('/udfs');
  const [source, setSource] = useState(TEMPLATE);
  const [result, setResult] = useState<UdfValidationResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (save: boolean) => {
    setBusy(true);
    setError(null);
    try {
      if (save) {
        await api.post('/udfs', { prefix: '', definition: source, language: 'java' });
        setResult(null);
        udfs.reload();
      } else {
        setResult(await api.post<UdfValidationResult>('/udfs/validate', { definition: source, language: 'java' }));
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const remove = (id: string) => api.del(`/udfs/${id}`).then(udfs.reload).catch((e: Error) => setError(e.message));
  return (
    <section>
      <h1>Functions</h1>
      <ErrorMessage error={udfs.error} title="Functions" />
      {udfs.loading && <Loading what="functions" />}
      <div className="scroll">
        <table>
          <thead><tr><th>Name</th><th>Language</th><th>Description</th><th>From</th><th></th></tr></thead>
          <tbody>
            {(udfs.data?.data ?? []).map((u) => (
              <tr key={u.id}>
                <td><code>{u.name}</code></td>
                <td>{u.language}</td>
                <td>{u.description}</td>
                <td>{u.dylib_url || 'saved source'}</td>
                <td>{u.language !== 'bundle' && <button className="danger" onClick={() => window.confirm(`Delete ${u.name}?`) && remove(u.id ?? '')}>Delete</button>}</td>
              </tr>
            ))}
            {udfs.data && (udfs.data.data ?? []).length === 0 && <tr><td colSpan={5} className="muted">No functions yet.</td></tr>}
          </tbody>
        </table>
      </div>
      <h2>Java function</h2>
      <p className="muted">A public class with a static method; its name is the SQL function's name.</p>
      <textarea className="code" aria-label="Java source" rows={14} value={source} onChange={(e) => setSource(e.target.value)} spellCheck={false} />
      <div className="toolbar">
        <button onClick={() => run(false)} disabled={busy}>Validate</button>
        <button className="primary" onClick={() => run(true)} disabled={busy}>Save</button>
      </div>
      <ErrorMessage error={error} />
      {result && (result.errors ?? []).length === 0 && <div className="message info">Valid: function <code>{result.udf_name}</code>.</div>}
      {(result?.errors ?? []).map((e, i) => <div key={i} className="message error">{e}</div>)}
    </section>
  );
}
