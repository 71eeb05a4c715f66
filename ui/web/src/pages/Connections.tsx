import { useEffect, useState } from 'react';
import { ApiError, api } from '../api/client';
import type {
  ConnectionProfile, ConnectionProfileCollection, ConnectionProfilePost, ConnectionTable, ConnectionTableCollection,
  ConnectionTablePost, Connector, ConnectorCollection,
} from '../api/types';
import { ErrorMessage, Info, Loading } from '../components/common';
import { fieldsOf, valuesToConfig, type Field } from '../lib/jsonSchemaForm';
import {
  EMPTY_SCHEMA_INPUT, INFERRED_FORMATS, REGISTRY_FORMATS, SCHEMA_SOURCES, describeColumn, protobufMessageNames, schemaPost, toBase64, withoutFormatOptions,
  type SchemaInput, type SchemaSource,
} from '../lib/schemas';

type Step = 'connector' | 'profile' | 'table' | 'schema' | 'create';
// the document types free-form objects (Map<String, Object>) as objects of empty objects: loosen them here
type Loose<T> = T extends object ? unknown : T;
const loose = <T,>(v: unknown) => v as T & Loose<T>;

/** The message names of a compiled schema, none while it does not read. */
function messageNames(descriptor: string): string[] {
  if (!descriptor.trim()) return [];
  try {
    return protobufMessageNames(descriptor);
  } catch {
    return [];
  }
}

/** The schema step: how the table's records are written and which columns they give. */
function SchemaForm({ input, onChange }: { input: SchemaInput; onChange: (i: SchemaInput) => void }) {
  const set = (patch: Partial<SchemaInput>) => onChange({ ...input, ...patch });
  const { schema, errors } = schemaPost(input);
  const protobuf = input.source === 'protobuf' || (input.source === 'schema_registry' && input.format === 'protobuf');
  const names = protobuf ? messageNames(input.descriptor) : [];
  const readDescriptor = (file: File | undefined) => {
    if (!file) return;
    file.arrayBuffer().then((b) => {
      const descriptor = toBase64(new Uint8Array(b));
      const found = messageNames(descriptor);
      set({ descriptor, messageName: found.includes(input.messageName) ? input.messageName : found[0] ?? '' });
    });
  };
  return (
    <>
      <label htmlFor="schema-source">Schema
        <select id="schema-source" value={input.source} onChange={(e) => {
          const source = e.target.value as SchemaSource;
          set({ source, format: source === 'inferred' ? INFERRED_FORMATS[0] : source === 'schema_registry' ? REGISTRY_FORMATS[0] : input.format });
        }}>
          {SCHEMA_SOURCES.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
        </select>
      </label>
      {(input.source === 'inferred' || input.source === 'schema_registry') && (
        <label htmlFor="schema-format">Format
          <select id="schema-format" value={input.format} onChange={(e) => set({ format: e.target.value })}>
            {(input.source === 'inferred' ? INFERRED_FORMATS : REGISTRY_FORMATS).map((f) => <option key={f}>{f}</option>)}
          </select>
        </label>
      )}
      {input.source === 'schema_registry' && (
        <p className="muted">Records carry Confluent's header; the writers' schemas are looked up by id in the registry of the
          connection profile (schema_registry.endpoint).</p>
      )}
      {(input.source === 'json_schema' || input.source === 'avro' || (input.source === 'schema_registry' && !protobuf)) && (
        <label htmlFor="schema-definition">
          {input.source === 'json_schema' ? 'JSON Schema' : input.source === 'avro' ? 'Avro schema'
            : `A copy of the registered ${input.format === 'avro' ? 'Avro schema' : 'JSON Schema'}, for the columns (empty: each record as one JSON column 'value')`}
          <textarea id="schema-definition" className="code" rows={8} spellCheck={false} value={input.definition} onChange={(e) => set({ definition: e.target.value })}
            placeholder={input.source === 'avro' || input.format === 'avro' ? '{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}' : '{"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}'} />
        </label>
      )}
      {input.source === 'avro' && (
        <label className="inline"><input type="checkbox" checked={input.rawDatums} onChange={(e) => set({ rawDatums: e.target.checked })} /> Each message is one bare datum (no object container file)</label>
      )}
      {protobuf && (
        <>
          <label htmlFor="schema-descriptor">Compiled schema: a FileDescriptorSet file (protoc --include_imports --descriptor_set_out=schema.desc …)
            <input id="schema-descriptor" type="file" accept=".desc,.pb,.binpb,.protoset,application/octet-stream" onChange={(e) => readDescriptor(e.target.files?.[0])} />
          </label>
          <label htmlFor="schema-descriptor-text">…or as base64
            <textarea id="schema-descriptor-text" className="code" rows={3} spellCheck={false} value={input.descriptor} onChange={(e) => set({ descriptor: e.target.value })} />
          </label>
          <label htmlFor="schema-message">Message
            {names.length > 0 ? (
              <select id="schema-message" value={input.messageName} onChange={(e) => set({ messageName: e.target.value })}>
                <option value="">—</option>
                {names.map((n) => <option key={n}>{n}</option>)}
              </select>
            ) : (
              <input id="schema-message" value={input.messageName} placeholder="package.Message" onChange={(e) => set({ messageName: e.target.value })} />
            )}
          </label>
          <label className="inline"><input type="checkbox" checked={input.lengthDelimited} onChange={(e) => set({ lengthDelimited: e.target.checked })} /> Each message is prefixed with its length</label>
        </>
      )}
      <div aria-live="polite" data-testid="schema-columns">
        {schema && schema.fields.length > 0 && (
          <>
            <strong>Columns</strong>
            <ul className="columns">{schema.fields.map((f) => <li key={f.name}><code>{describeColumn(f)}</code></li>)}</ul>
          </>
        )}
        {schema && schema.fields.length === 0 && <p className="muted">The connector gives the columns.</p>}
        {errors.length > 0 && <p className="muted">{errors.join('; ')}</p>}
      </div>
    </>
  );
}

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
  const [schemaInput, setSchemaInput] = useState<SchemaInput>(EMPTY_SCHEMA_INPUT);
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
    setSchemaInput(EMPTY_SCHEMA_INPUT);
    setTestResult(null);
    if (c.connection_config) {
      api.get<ConnectionProfileCollection>('/connection_profiles')
        .then((r) => setProfiles((r.data ?? []).filter((p) => p.connector === c.id)))
        .catch((e: Error) => setError(e.message));
      setStep('profile');
    } else setStep('table');
  };

  const profileFields = fieldsOf(connector?.connection_config);
  // the format and its options come from the schema step for connectors whose tables take a schema
  const tableFields = connector?.custom_schemas ? withoutFormatOptions(fieldsOf(connector.table_config)) : fieldsOf(connector?.table_config);

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
    let schema: ConnectionTablePost['schema'];
    if (connector?.custom_schemas) {
      const built = schemaPost(schemaInput);
      errors.push(...built.errors);
      schema = loose<ConnectionTablePost['schema']>(built.schema);
    }
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
        {(['connector', 'profile', 'table', 'schema', 'create'] as Step[]).map((s) => <li key={s} className={s === step ? 'active' : ''} aria-current={s === step ? 'step' : undefined}>{s}</li>)}
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
          <SchemaForm input={schemaInput} onChange={setSchemaInput} />
          <div className="toolbar"><button onClick={() => setStep('table')}>Back</button><button className="primary" onClick={() => {
            const { errors } = schemaPost(schemaInput);
            if (errors.length) return setError(errors.join('; '));
            setError(null);
            setStep('create');
          }}>Next</button></div>
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
