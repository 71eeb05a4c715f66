// The schema step of the connection wizard: the schema a user gives (JSON Schema, Avro, Protobuf, a
// Confluent Schema Registry, raw text, or the connector's own columns) as the server's
// ConnectionSchema: the table's columns (fields) and its format with the format's options, which the
// server turns into the table options format = '…' and '<format>.<option>' (avro.schema,
// protobuf.compiled_schema, protobuf.message_name, <format>.confluent_schema_registry, …).

/** A column of a connection table, as the server's SourceField (struct members in `fields`). */
export interface Column {
  name: string;
  type: string;
  required: boolean;
  unit?: string;
  fields?: Column[];
  items?: Column;
}

export type SchemaSource = 'inferred' | 'json_schema' | 'avro' | 'protobuf' | 'schema_registry' | 'raw';

export const SCHEMA_SOURCES: { id: SchemaSource; label: string }[] = [
  { id: 'json_schema', label: 'JSON Schema' },
  { id: 'avro', label: 'Avro' },
  { id: 'protobuf', label: 'Protobuf' },
  { id: 'schema_registry', label: 'Schema Registry' },
  { id: 'raw', label: 'Raw (one TEXT column)' },
  { id: 'inferred', label: 'Columns from the connector' },
];

/** The formats of a table whose columns the connector gives, and of a Schema Registry. */
export const INFERRED_FORMATS = ['json', 'debezium_json', 'avro', 'raw_string'];
export const REGISTRY_FORMATS = ['avro', 'json', 'protobuf'];

export interface SchemaInput {
  source: SchemaSource;
  /** the format, for 'inferred' (one of INFERRED_FORMATS) and 'schema_registry' (one of REGISTRY_FORMATS) */
  format: string;
  /** JSON Schema text (json_schema; registry with json) or Avro schema JSON (avro; registry with avro) */
  definition: string;
  /** a compiled Protobuf schema: a FileDescriptorSet, base64 */
  descriptor: string;
  /** the full name of the Protobuf message each record holds */
  messageName: string;
  /** Avro: each message one bare datum rather than an object container file */
  rawDatums: boolean;
  /** Protobuf: each message prefixed with its varint length */
  lengthDelimited: boolean;
}

export const EMPTY_SCHEMA_INPUT: SchemaInput = {
  source: 'json_schema', format: 'avro', definition: '', descriptor: '', messageName: '', rawDatums: false, lengthDelimited: false,
};

/** What the server's ConnectionTablePost.schema takes. */
export interface SchemaPost {
  format: Record<string, Record<string, string | boolean>>;
  fields: Column[];
  inferred?: boolean;
  definition?: { type: string; schema: string };
}

class SchemaError extends Error {}

const parseJson = (text: string, what: string): unknown => {
  if (!text.trim()) throw new SchemaError(`the ${what} is empty`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SchemaError(`the ${what} is not valid JSON: ${(e as Error).message}`);
  }
};

// ---------------------------------------------------------------- JSON Schema

interface JsonSchemaNode {
  type?: string | string[];
  format?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  enum?: unknown[];
}

function jsonSchemaColumn(name: string, node: JsonSchemaNode, required: boolean, where: string): Column {
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  const nullable = types.includes('null');
  const real = types.filter((t) => t !== 'null');
  const type = real.length === 1 ? real[0] : node.enum && real.length === 0 ? 'string' : undefined;
  const column: Column = { name, type: 'json', required: required && !nullable };
  if (type === 'string') column.type = node.format === 'date-time' ? 'timestamp' : 'string';
  else if (type === 'integer') column.type = 'int64';
  else if (type === 'number') column.type = 'f64';
  else if (type === 'boolean') column.type = 'bool';
  else if (type === 'object' && node.properties && Object.keys(node.properties).length > 0) {
    column.type = 'struct';
    column.fields = jsonSchemaColumns(node, `${where}.${name}`);
  } else if (type === 'array' && node.items) {
    column.type = 'list';
    column.items = jsonSchemaColumn('item', node.items, false, `${where}.${name}[]`);
  }
  if (column.type === 'timestamp') column.unit = 'millisecond';
  return column;
}

function jsonSchemaColumns(node: JsonSchemaNode, where: string): Column[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {}).map(([name, p]) => jsonSchemaColumn(name, p ?? {}, required.has(name), where));
}

/**
 * The columns of a JSON Schema of an object: integer → int64, number → f64, string (date-time →
 * timestamp), boolean, objects with properties → struct, arrays → list; anything else (unions,
 * free objects) a JSON column. A column is required when listed in `required` and not nullable.
 */
export function jsonSchemaFields(text: string): Column[] {
  const node = parseJson(text, 'JSON Schema') as JsonSchemaNode;
  if (!node || typeof node !== 'object' || Array.isArray(node)) throw new SchemaError('the JSON Schema must be a JSON object');
  if (node.type !== undefined && node.type !== 'object') throw new SchemaError(`the JSON Schema must describe an object ("type": "object"), not '${String(node.type)}'`);
  const columns = jsonSchemaColumns(node, '$');
  if (columns.length === 0) throw new SchemaError('the JSON Schema has no properties: give each column as a property');
  return columns;
}

// ---------------------------------------------------------------- Avro

type AvroType = string | AvroType[] | { type: AvroType; name?: string; namespace?: string; fields?: { name: string; type: AvroType }[]; items?: AvroType; logicalType?: string; symbols?: string[] };

const AVRO_PRIMITIVES: Record<string, string> = {
  boolean: 'bool', int: 'int32', long: 'int64', float: 'f32', double: 'f64', bytes: 'bytes', string: 'string',
};
const AVRO_TIMESTAMPS: Record<string, string> = {
  'timestamp-millis': 'millisecond', 'timestamp-micros': 'microsecond', 'local-timestamp-millis': 'millisecond', 'local-timestamp-micros': 'microsecond',
};

function fullName(name: string, namespace?: string) {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

function avroColumn(name: string, t: AvroType, names: Map<string, AvroType>, namespace: string | undefined, where: string): Column {
  if (Array.isArray(t)) {
    const members = t.filter((m) => m !== 'null');
    if (members.length === 1) return { ...avroColumn(name, members[0], names, namespace, where), required: members.length === t.length };
    return { name, type: 'json', required: members.length === t.length };
  }
  if (typeof t === 'string') {
    if (AVRO_PRIMITIVES[t]) return { name, type: AVRO_PRIMITIVES[t], required: true };
    if (t === 'null') throw new SchemaError(`${where} is always null`);
    const named = names.get(fullName(t, namespace)) ?? names.get(t);
    if (named === undefined) throw new SchemaError(`${where} has unknown type '${t}': define a named type before using it`);
    return avroColumn(name, named, names, namespace, where);
  }
  if (!t || typeof t !== 'object') throw new SchemaError(`${where} has no type`);
  const ns = t.namespace ?? namespace;
  if (t.name && (t.type === 'record' || t.type === 'enum' || t.type === 'fixed')) names.set(fullName(t.name, ns), t);
  switch (t.type) {
    case 'record': {
      if (!Array.isArray(t.fields)) throw new SchemaError(`${where} is a record without fields`);
      return { name, type: 'struct', required: true, fields: t.fields.map((f) => avroColumn(f.name, f.type, names, ns, `${where}.${f.name}`)) };
    }
    case 'enum':
      return { name, type: 'string', required: true };
    case 'fixed':
      return { name, type: 'bytes', required: true };
    case 'array':
      return { name, type: 'list', required: true, items: avroColumn('item', t.items ?? 'null', names, ns, `${where}[]`) };
    case 'map':
      return { name, type: 'json', required: true };
    default: {
      if (typeof t.type === 'string' && t.logicalType && AVRO_TIMESTAMPS[t.logicalType] && (t.type === 'long' || t.type === 'int')) {
        return { name, type: 'timestamp', required: true, unit: AVRO_TIMESTAMPS[t.logicalType] };
      }
      return avroColumn(name, t.type, names, ns, where);
    }
  }
}

/**
 * The columns of an Avro schema (a record): int → int32, long → int64, float → f32, double → f64,
 * boolean, string and enum → string, bytes and fixed → bytes, timestamp-millis/-micros → timestamp,
 * records → struct, arrays → list, maps and unions of several types → JSON; a union with null is an
 * optional column.
 */
export function avroFields(text: string): Column[] {
  const schema = parseJson(text, 'Avro schema') as AvroType;
  if (!schema || typeof schema !== 'object' || Array.isArray(schema) || schema.type !== 'record') {
    throw new SchemaError('the Avro schema must be a record ({"type": "record", "name": …, "fields": […]})');
  }
  const column = avroColumn('record', schema, new Map(), undefined, 'the record');
  if (!column.fields?.length) throw new SchemaError('the Avro record has no fields');
  return column.fields;
}

// ---------------------------------------------------------------- Protobuf descriptors

/** Reads protobuf's wire format: the (field number, value) pairs of one message. */
function* wireFields(bytes: Uint8Array): Generator<[number, number | Uint8Array]> {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (pos >= bytes.length) throw new SchemaError('the compiled schema is truncated: is it a FileDescriptorSet?');
      const b = bytes[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
  };
  while (pos < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    switch (key & 7) {
      case 0:
        yield [field, varint()];
        break;
      case 1:
        pos += 8;
        break;
      case 2: {
        const length = varint();
        if (pos + length > bytes.length) throw new SchemaError('the compiled schema is truncated: is it a FileDescriptorSet?');
        yield [field, bytes.subarray(pos, pos + length)];
        pos += length;
        break;
      }
      case 5:
        pos += 4;
        break;
      default:
        throw new SchemaError(`the compiled schema is not a FileDescriptorSet (wire type ${key & 7} at byte ${pos})`);
    }
  }
}

const text = (v: number | Uint8Array) => (typeof v === 'number' ? String(v) : new TextDecoder().decode(v));
const bytesOf = (v: number | Uint8Array) => (typeof v === 'number' ? new Uint8Array() : v);

interface ProtoField {
  name: string;
  label: number;
  type: number;
  typeName: string;
}

interface ProtoMessage {
  fields: ProtoField[];
  mapEntry: boolean;
}

function readMessage(bytes: Uint8Array, prefix: string, out: Map<string, ProtoMessage>) {
  let name = '';
  const fields: ProtoField[] = [];
  const nested: Uint8Array[] = [];
  let mapEntry = false;
  for (const [n, v] of wireFields(bytes)) {
    if (n === 1) name = text(v);
    else if (n === 2) {
      const f: ProtoField = { name: '', label: 1, type: 0, typeName: '' };
      for (const [fn, fv] of wireFields(bytesOf(v))) {
        if (fn === 1) f.name = text(fv);
        else if (fn === 4) f.label = Number(fv);
        else if (fn === 5) f.type = Number(fv);
        else if (fn === 6) f.typeName = text(fv);
      }
      fields.push(f);
    } else if (n === 3) nested.push(bytesOf(v));
    else if (n === 7) for (const [on, ov] of wireFields(bytesOf(v))) if (on === 7) mapEntry = ov === 1;
  }
  const full = `${prefix}.${name}`;
  out.set(full, { fields, mapEntry });
  for (const b of nested) readMessage(b, full, out);
}

/** Every message of a FileDescriptorSet (base64), by full name with a leading dot ('.pkg.Msg'). */
function descriptorMessages(base64: string): Map<string, ProtoMessage> {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(base64.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  } catch {
    throw new SchemaError('the compiled schema is not base64');
  }
  if (bytes.length === 0) throw new SchemaError('the compiled schema is empty: give a FileDescriptorSet (protoc --include_imports --descriptor_set_out)');
  const out = new Map<string, ProtoMessage>();
  for (const [n, file] of wireFields(bytes)) {
    if (n !== 1) continue;
    let pkg = '';
    const messages: Uint8Array[] = [];
    for (const [fn, fv] of wireFields(bytesOf(file))) {
      if (fn === 2) pkg = text(fv);
      else if (fn === 4) messages.push(bytesOf(fv));
    }
    for (const m of messages) readMessage(m, pkg ? `.${pkg}` : '', out);
  }
  if (out.size === 0) throw new SchemaError('the compiled schema has no messages: is it a FileDescriptorSet?');
  return out;
}

/** The full names of the messages of a compiled schema (a FileDescriptorSet, base64), for a choice. */
export function protobufMessageNames(base64: string): string[] {
  return [...descriptorMessages(base64).entries()].filter(([, m]) => !m.mapEntry).map(([n]) => n.slice(1))
    .filter((n) => !n.startsWith('google.protobuf.'));
}

const PROTO_SCALARS: Record<number, string> = {
  1: 'f64', 2: 'f32', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'uint64', 7: 'uint32', 8: 'bool', 9: 'string', 12: 'bytes',
  13: 'uint32', 14: 'string', 15: 'int32', 16: 'int64', 17: 'int32', 18: 'int64',
};
const LABEL_REPEATED = 3;
const TYPE_MESSAGE = 11;

function protoColumn(f: ProtoField, messages: Map<string, ProtoMessage>, seen: string[]): Column {
  let column: Column;
  const message = f.type === TYPE_MESSAGE ? messages.get(f.typeName) : undefined;
  if (f.type === TYPE_MESSAGE && f.typeName === '.google.protobuf.Timestamp') column = { name: f.name, type: 'timestamp', required: false, unit: 'microsecond' };
  else if (PROTO_SCALARS[f.type]) column = { name: f.name, type: PROTO_SCALARS[f.type], required: false };
  else if (message && !message.mapEntry && !seen.includes(f.typeName) && message.fields.length > 0) {
    column = { name: f.name, type: 'struct', required: false, fields: message.fields.map((m) => protoColumn(m, messages, [...seen, f.typeName])) };
  } else {
    // maps, recursive messages, groups
    return { name: f.name, type: 'json', required: false };
  }
  return f.label === LABEL_REPEATED ? { name: f.name, type: 'list', required: false, items: { ...column, name: 'item' } } : column;
}

/**
 * The columns of a message of a compiled schema: Protobuf's scalars as their SQL types (enums as
 * their names), google.protobuf.Timestamp → timestamp, messages → struct, repeated → list, maps and
 * recursive messages → JSON. Every column is optional (Protobuf fields may be absent).
 */
export function protobufFields(base64: string, messageName: string): Column[] {
  const messages = descriptorMessages(base64);
  const name = messageName.trim().replace(/^\./, '');
  if (!name) throw new SchemaError('choose the message each record holds');
  const message = messages.get(`.${name}`);
  if (!message) throw new SchemaError(`message '${name}' is not in the compiled schema; it has ${protobufMessageNames(base64).join(', ')}`);
  return message.fields.map((f) => protoColumn(f, messages, [`.${name}`]));
}

// ---------------------------------------------------------------- the schema of a table

const VALUE_JSON: Column[] = [{ name: 'value', type: 'json', required: false }];

/**
 * The schema of a connection table for what the user chose; errors say what is missing or wrong.
 * Avro's and Protobuf's settings travel as format options (avro.schema, protobuf.compiled_schema, …);
 * a JSON Schema is also kept as the table's definition.
 */
export function schemaPost(input: SchemaInput): { schema?: SchemaPost; errors: string[] } {
  try {
    return { schema: build(input), errors: [] };
  } catch (e) {
    if (e instanceof SchemaError) return { errors: [e.message.charAt(0).toUpperCase() + e.message.slice(1)] };
    throw e;
  }
}

function protobufFormat(input: SchemaInput, registry: boolean) {
  if (!input.descriptor.trim()) throw new SchemaError('give the compiled schema (a FileDescriptorSet file) of the Protobuf messages');
  const options: Record<string, string | boolean> = {
    compiled_schema: input.descriptor.replace(/\s+/g, ''), message_name: input.messageName.trim().replace(/^\./, ''), length_delimited: input.lengthDelimited,
  };
  if (registry) options.confluent_schema_registry = true;
  return { protobuf: options };
}

function build(input: SchemaInput): SchemaPost {
  switch (input.source) {
    case 'inferred':
      return { format: { [input.format || 'json']: {} }, fields: [], inferred: true };
    case 'raw':
      return { format: { raw_string: {} }, fields: [{ name: 'value', type: 'string', required: true }] };
    case 'json_schema':
      return { format: { json: {} }, fields: jsonSchemaFields(input.definition), definition: { type: 'json_schema', schema: input.definition } };
    case 'avro': {
      const fields = avroFields(input.definition);
      return { format: { avro: { schema: input.definition.trim(), raw_datums: input.rawDatums } }, fields };
    }
    case 'protobuf': {
      const fields = protobufFields(input.descriptor, input.messageName);
      return { format: protobufFormat(input, false), fields };
    }
    case 'schema_registry': {
      const given = input.definition.trim() !== '';
      if (input.format === 'protobuf') return { format: protobufFormat(input, true), fields: protobufFields(input.descriptor, input.messageName) };
      if (input.format === 'avro') {
        return given
          ? { format: { avro: { confluent_schema_registry: true, schema: input.definition.trim() } }, fields: avroFields(input.definition) }
          : { format: { avro: { confluent_schema_registry: true, into_unstructured_json: true } }, fields: VALUE_JSON };
      }
      if (input.format === 'json') {
        return given
          ? { format: { json: { confluent_schema_registry: true } }, fields: jsonSchemaFields(input.definition), definition: { type: 'json_schema', schema: input.definition } }
          : { format: { json: { confluent_schema_registry: true, unstructured: true } }, fields: VALUE_JSON };
      }
      throw new SchemaError(`a Schema Registry holds ${REGISTRY_FORMATS.join(', ')} schemas, not '${input.format}'`);
    }
    default:
      throw new SchemaError(`unknown schema choice '${String(input.source)}'`);
  }
}

function typeText(c: Column): string {
  if (c.type === 'struct') return `struct<${(c.fields ?? []).map((f) => `${f.name} ${typeText(f)}`).join(', ')}>`;
  if (c.type === 'list' && c.items) return `${typeText(c.items)}[]`;
  return c.type;
}

/** A column as a short text for the preview of the columns: `name type [not null]`. */
export function describeColumn(c: Column): string {
  return `${c.name} ${typeText(c)}${c.required ? ' not null' : ''}`;
}

/** Bytes (a compiled schema file) as base64. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The table options the schema step sets: the format and each format's own options. */
const FORMAT_OPTION = /^(format|(json|avro|protobuf|raw_string|raw_bytes|debezium_json|parquet)\..+)$/;

/**
 * The table options a user fills in for a connector whose tables take a schema: all but the format
 * and its options, which come from the schema step.
 */
export function withoutFormatOptions<T extends { key: string }>(fields: T[]): T[] {
  return fields.filter((f) => !FORMAT_OPTION.test(f.key));
}
