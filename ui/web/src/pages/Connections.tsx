import { useEffect, useState } from 'react';
import { ApiError, api } from '../api/client';
import type {
  ConnectionProfile, ConnectionProfileCollection, ConnectionProfilePost, ConnectionTable, ConnectionTableCollection,
  ConnectionTablePost, Connector, ConnectorCollection,
} from '../api/types';
import { ErrorMessage, Info, Loading } from '../components/common';
import { fieldsOf, valuesToConfig, type Field } from '../lib/jsonSchemaForm';

type Step = 'connector' | 'profile' | 'table' | 'schema' | 'create';
const FORMATS = ['json', 'avro', 'protobuf', 'raw_string', 'debezium_json'];
// the schema kinds the server reads (Avro, Protobuf and Schema Registry are not there yet)
// the document types free-form objects (Map<String, Object>) as objects of empty objects: loosen them here
type Loose<T> = T extends object ? unknown : T;
const loose = <T,>(v: unknown) => v as T & Loose<T>;

const SCHEMA_KINDS = ['inferred', 'json_schema', 'raw_schema'];

function FieldInput({ f, value, onChange }: { f: Field; value: string | boolean | undefined; onChange: (v: string | boolean) => void }) {
  const id = `f-${f.key}`;
  return (
    <label htmlFor={id} title={f.description}>
      {f.title}{f.required ? ' *' : ''}
      {f.kind === 'boolean' ? (
        <input id={id} type="checkbox" checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} />
      ) : f.kind === 'enum' ? (
        <select id={id} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {f.options!.map((o) => <option key={o}>{o}</option>)}
        </select>
      ) : f.kind === 'json' ? (
        <textarea id={id} rows={3} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} placeholder="JSON" />
      ) : (
        <input id={id} type={f.kind === 'number' ? 'number' : 'text'} value={String(value ?? '')} placeholder={f.default !== undefined ? String(f.default) : ''} onChange={(e) => onChange(e.target.value)} />
      )}
      {f.description && <small className="muted">{f.description}</small>}
    </label>
  );
}

export function Connections() {
  const [connectors, setConnectors] = useState<Connector[] | null>(null);
  const [tables, setTables] = useState<ConnectionTable[]>([]);
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [step, setStep] = useState<Step>('connector');
  const [connector, setConnector] = useState<Connector | null>(null);
  const [profiles, setProfiles] = useState<ConnectionProfile[]>([]);
  const [profileId, setProfileId] = useState<string>('');
  const [profileValues, setProfileValues] = useState<Record<string, string | boolean>>({});
  const [profileName, setProfileName] = useState('');
  const [tableValues, setTableValues] = useState<Record<string, string | boolean>>({});
  const [format, setFormat] = useState('json');
  const [schemaKind, setSchemaKind] = useState('inferred');
  const [definition, setDefinition] = useState('');
  const [name, setName] = useState('');
  const [testResult, setTestResult] = useState<string | null>(null);

  const load = () => {
    Promise.all([api.get<ConnectorCollection>('/connectors'), api.get<ConnectionTableCollection>('/connection_tables')])
      .then(([c, t]) => {
        setConnectors((c.data ?? []).filter((x) => !x.hidden && x.enabled !== false));
        setTables(t.data ?? []);
      })
      .catch((e: ApiError) =>
        e.status === 404
          ? setUnavailable('This server does not offer connections yet (GET /api/v1/connectors answered 404): declare tables in SQL with CREATE TABLE … WITH (connector = …).')
          : setError(e.message),
      );
  };
  useEffect(load, []);

  const choose = (c: Connector) => {
    setConnector(c);
    setTableValues({});
    setProfileValues({});
    setProfileId('');
    setTestResult(null);
    if (c.connection_config) {
      api.get<ConnectionProfileCollection>('/connection_profiles')
        .then((r) => setProfiles((r.data ?? []).filter((p) => p.connector === c.id)))
        .catch((e: Error) => setError(e.message));
      setStep('profile');
    } else setStep('table');
  };

  const profileFields = fieldsOf(connector?.connection_config);
  const tableFields = fieldsOf(connector?.table_config);

  const createProfile = async () => {
    const { config, errors } = valuesToConfig(profileFields, profileValues);
    if (errors.length) return setError(errors.join('; '));
    try {
      const post: ConnectionProfilePost = { name: profileName, connector: connector!.id, config: loose<ConnectionProfilePost['config']>(config) };
      const p = await api.post<ConnectionProfile>('/connection_profiles', post);
      setProfiles((ps) => [...ps, p]);
      setProfileId(p.id ?? '');
      setError(null);
      setStep('table');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const tablePost = () => {
    const { config, errors } = valuesToConfig(tableFields, tableValues);
    const formatObject = loose<NonNullable<ConnectionTablePost['schema']>['format']>({ [format]: {} });
    const schema: ConnectionTablePost['schema'] = !connector?.custom_schemas ? undefined : schemaKind === 'inferred'
      ? { format: formatObject, fields: [], inferred: true }
      : { format: formatObject, fields: [], definition: { type: schemaKind, schema: definition } };
    const post: ConnectionTablePost = {
      name, connector: connector!.id, connection_profile_id: profileId || undefined, config: loose<ConnectionTablePost['config']>(config), schema,
    };
    return { post, errors };
  };

  const test = async () => {
    const { post, errors } = tablePost();
    if (errors.length) return setError(errors.join('; '));
    setTestResult('Testing…');
    try {
      const r = await fetch('/api/v1/connection_tables/test', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(post) });
      const text = await r.text();
      setTestResult(r.ok ? text.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n') || text : `Test failed (HTTP ${r.status}): ${text}`);
    } catch (e) {
      setTestResult((e as Error).message);
    }
  };

  const create = async () => {
    const { post, errors } = tablePost();
    if (!name.trim()) errors.push('Name is required');
    if (errors.length) return setError(errors.join('; '));
    try {
      await api.post('/connection_tables', post);
      setError(null);
      setStep('connector');
      setConnector(null);
      setName('');
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const remove = (t: ConnectionTable) => api.del(`/connection_tables/${t.id}`).then(load).catch((e: Error) => setError(e.message));

  if (unavailable) return <section><h1>Connections</h1><Info>{unavailable}</Info></section>;
  return (
    <section>
      <h1>Connections</h1>
      <ErrorMessage error={error} />
      {!connectors && <Loading what="connectors" />}
      <h2>Connection tables</h2>
      <div className="scroll">
        <table>
          <thead><tr><th>Name</th><th>Connector</th><th>Type</th><th></th></tr></thead>
          <tbody>
            {tables.map((t) => (
              <tr key={t.id}><td>{t.name}</td><td>{t.connector}</td><td>{t.table_type}</td>
                <td><button className="danger" onClick={() => window.confirm(`Delete ${t.name}?`) && remove(t)}>Delete</button></td></tr>
            ))}
            {tables.length === 0 && <tr><td colSpan={4} className="muted">No connection tables.</td></tr>}
          </tbody>
        </table>
      </div>
      <h2>New connection table{connector ? `: ${connector.name}` : ''}</h2>
      <ol className="steps">
        {(['connector', 'profile', 'table', 'schema', 'create'] as Step[]).map((s) => <li key={s} className={s === step ? 'active' : ''}>{s}</li>)}
      </ol>
      {step === 'connector' && (
        <div className="cards">
          {(connectors ?? []).map((c) => (
            <button key={c.id} className="card choice" onClick={() => choose(c)}>
              <strong>{c.name}</strong>
              <span className="muted">{c.description}</span>
              <span className="muted">{[c.source && 'source', c.sink && 'sink'].filter(Boolean).join(' · ')}</span>
            </button>
          ))}
        </div>
      )}
      {step === 'profile' && (
        <div className="form">
          <label>Use a profile <select value={profileId} onChange={(e) => setProfileId(e.target.value)}><option value="">create a new one</option>{profiles.map((p) => <option key={p.id} value={p.id ?? ''}>{p.name}</option>)}</select></label>
          {!profileId && (
            <>
              <label>Profile name <input value={profileName} onChange={(e) => setProfileName(e.target.value)} /></label>
              {profileFields.map((f) => <FieldInput key={f.key} f={f} value={profileValues[f.key]} onChange={(v) => setProfileValues((x) => ({ ...x, [f.key]: v }))} />)}
            </>
          )}
          <div className="toolbar">
            <button onClick={() => setStep('connector')}>Back</button>
            <button className="primary" onClick={() => (profileId ? setStep('table') : createProfile())}>Next</button>
          </div>
        </div>
      )}
      {step === 'table' && (
        <div className="form">
          {tableFields.map((f) => <FieldInput key={f.key} f={f} value={tableValues[f.key]} onChange={(v) => setTableValues((x) => ({ ...x, [f.key]: v }))} />)}
          {tableFields.length === 0 && <Info>This connector has no table options.</Info>}
          <div className="toolbar"><button onClick={() => setStep('connector')}>Back</button><button className="primary" onClick={() => setStep(connector?.custom_schemas ? 'schema' : 'create')}>Next</button></div>
        </div>
      )}
      {step === 'schema' && (
        <div className="form">
          <label>Format <select value={format} onChange={(e) => setFormat(e.target.value)}>{FORMATS.map((f) => <option key={f}>{f}</option>)}</select></label>
          <label>Schema <select value={schemaKind} onChange={(e) => setSchemaKind(e.target.value)}>{SCHEMA_KINDS.map((f) => <option key={f}>{f}</option>)}</select></label>
          {schemaKind !== 'inferred' && <label>Definition <textarea className="code" rows={8} value={definition} onChange={(e) => setDefinition(e.target.value)} /></label>}
          <div className="toolbar"><button onClick={() => setStep('table')}>Back</button><button className="primary" onClick={() => setStep('create')}>Next</button></div>
        </div>
      )}
      {step === 'create' && (
        <div className="form">
          <label>Table name <input value={name} onChange={(e) => setName(e.target.value)} /></label>
          <div className="toolbar">
            <button onClick={() => setStep(connector?.custom_schemas ? 'schema' : 'table')}>Back</button>
            <button onClick={test}>Test</button>
            <button className="primary" onClick={create}>Create</button>
          </div>
          {testResult && <pre className="query" data-testid="test-result">{testResult}</pre>}
        </div>
      )}
    </section>
  );
}
