import { describe, expect, it } from 'vitest';
import {
  EMPTY_SCHEMA_INPUT, avroFields, describeColumn, jsonSchemaFields, protobufFields, protobufMessageNames, schemaPost, toBase64, withoutFormatOptions,
  type SchemaInput,
} from '../lib/schemas';

// protobuf's wire format, to build a FileDescriptorSet as protoc writes it
const varint = (value: number): number[] => {
  const out: number[] = [];
  let n = value;
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};
const len = (field: number, bytes: number[]) => [...varint(field * 8 + 2), ...varint(bytes.length), ...bytes];
const str = (field: number, s: string) => len(field, [...new TextEncoder().encode(s)]);
const num = (field: number, n: number) => [...varint(field * 8), ...varint(n)];
const field = (name: string, number: number, type: number, label = 1, typeName?: string) =>
  len(2, [...str(1, name), ...num(3, number), ...num(4, label), ...num(5, type), ...(typeName ? str(6, typeName) : [])]);

// package shop; message Order { int64 id = 1; string item = 2; double price = 3; repeated string tags = 4;
//   google.protobuf.Timestamp at = 5; Customer customer = 6; map<string, string> attrs = 7; Status status = 8;
//   message Customer { string name = 1; uint32 age = 2; } }
const ORDER_SET = toBase64(new Uint8Array([
  ...len(1, [...str(1, 'google/protobuf/timestamp.proto'), ...str(2, 'google.protobuf'),
    ...len(4, [...str(1, 'Timestamp'), ...field('seconds', 1, 3), ...field('nanos', 2, 5)])]),
  ...len(1, [...str(1, 'order.proto'), ...str(2, 'shop'),
    ...len(4, [
      ...str(1, 'Order'),
      ...field('id', 1, 3), ...field('item', 2, 9), ...field('price', 3, 1), ...field('tags', 4, 9, 3),
      ...field('at', 5, 11, 1, '.google.protobuf.Timestamp'), ...field('customer', 6, 11, 1, '.shop.Order.Customer'),
      ...field('attrs', 7, 11, 3, '.shop.Order.AttrsEntry'), ...field('status', 8, 14, 1, '.shop.Status'),
      ...len(3, [...str(1, 'Customer'), ...field('name', 1, 9), ...field('age', 2, 13)]),
      ...len(3, [...str(1, 'AttrsEntry'), ...field('key', 1, 9), ...field('value', 2, 9), ...len(7, num(7, 1))]),
    ])]),
]));

const input = (patch: Partial<SchemaInput>): SchemaInput => ({ ...EMPTY_SCHEMA_INPUT, ...patch });

describe('JSON Schema columns', () => {
  it('maps types, nesting and required', () => {
    const cols = jsonSchemaFields(JSON.stringify({
      type: 'object',
      required: ['id', 'note'],
      properties: {
        id: { type: 'integer' },
        price: { type: 'number' },
        note: { type: ['string', 'null'] },
        at: { type: 'string', format: 'date-time' },
        ok: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        customer: { type: 'object', properties: { name: { type: 'string' } } },
        extra: { type: 'object' },
      },
    }));
    expect(cols.map(describeColumn)).toEqual([
      'id int64 not null', 'price f64', 'note string', 'at timestamp', 'ok bool', 'tags string[]', 'customer struct<name string>', 'extra json',
    ]);
  });
  it('refuses what is not an object schema', () => {
    expect(() => jsonSchemaFields('{"type": "array"}')).toThrow(/describe an object/);
    expect(() => jsonSchemaFields('{nope')).toThrow(/not valid JSON/);
    expect(() => jsonSchemaFields('{"type": "object"}')).toThrow(/no properties/);
  });
});

describe('Avro columns', () => {
  it('maps primitives, logical timestamps, unions with null, records, named types, arrays and maps', () => {
    const cols = avroFields(JSON.stringify({
      type: 'record', name: 'Order', namespace: 'shop',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'qty', type: 'int' },
        { name: 'price', type: ['null', 'double'] },
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } },
        { name: 'customer', type: { type: 'record', name: 'Customer', fields: [{ name: 'name', type: 'string' }] } },
        { name: 'payer', type: 'Customer' },
        { name: 'tags', type: { type: 'array', items: 'string' } },
        { name: 'attrs', type: { type: 'map', values: 'string' } },
        { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW'] } },
        { name: 'either', type: ['int', 'string'] },
      ],
    }));
    expect(cols.map(describeColumn)).toEqual([
      'id int64 not null', 'qty int32 not null', 'price f64', 'at timestamp not null', 'customer struct<name string> not null',
      'payer struct<name string> not null', 'tags string[] not null', 'attrs json not null', 'status string not null', 'either json not null',
    ]);
    expect(cols[3].unit).toBe('microsecond');
  });
  it('says what is wrong', () => {
    expect(() => avroFields('"string"')).toThrow(/must be a record/);
    expect(() => avroFields(JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'x', type: 'Missing' }] }))).toThrow(/unknown type 'Missing'/);
  });
});

describe('Protobuf columns', () => {
  it('lists the messages of a FileDescriptorSet', () => {
    expect(protobufMessageNames(ORDER_SET)).toEqual(['shop.Order', 'shop.Order.Customer']);
  });
  it('maps a message to columns', () => {
    expect(protobufFields(ORDER_SET, 'shop.Order').map(describeColumn)).toEqual([
      'id int64', 'item string', 'price f64', 'tags string[]', 'at timestamp', 'customer struct<name string, age uint32>', 'attrs json', 'status string',
    ]);
  });
  it('says what is wrong', () => {
    expect(() => protobufFields(ORDER_SET, 'shop.Nope')).toThrow(/'shop.Nope' is not in the compiled schema; it has shop.Order, shop.Order.Customer/);
    expect(() => protobufFields('!!!', 'x')).toThrow(/not base64/);
    expect(() => protobufFields(toBase64(new Uint8Array([0x0a, 0x05, 0x01])), 'x')).toThrow(/truncated/);
  });
});

describe('schema choice → table schema', () => {
  const avro = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'id', type: 'long' }] });
  it('JSON Schema: json format, the columns and the definition', () => {
    const def = '{"type": "object", "properties": {"id": {"type": "integer"}}}';
    expect(schemaPost(input({ source: 'json_schema', definition: def }))).toEqual({
      schema: { format: { json: {} }, fields: [{ name: 'id', type: 'int64', required: false }], definition: { type: 'json_schema', schema: def } },
      errors: [],
    });
  });
  it('Avro: the schema and raw datums as avro options', () => {
    expect(schemaPost(input({ source: 'avro', definition: avro, rawDatums: true })).schema).toEqual({
      format: { avro: { schema: avro, raw_datums: true } }, fields: [{ name: 'id', type: 'int64', required: true }],
    });
  });
  it('Protobuf: the compiled schema, message and framing as protobuf options', () => {
    const s = schemaPost(input({ source: 'protobuf', descriptor: ORDER_SET, messageName: 'shop.Order.Customer', lengthDelimited: true })).schema;
    expect(s?.format).toEqual({ protobuf: { compiled_schema: ORDER_SET, message_name: 'shop.Order.Customer', length_delimited: true } });
    expect(s?.fields.map((f) => f.name)).toEqual(['name', 'age']);
    expect(schemaPost(input({ source: 'protobuf' })).errors).toEqual(['The compiled schema is empty: give a FileDescriptorSet (protoc --include_imports --descriptor_set_out)']);
  });
  it('Schema Registry: the registry flag, columns from a copy of the schema or one JSON value', () => {
    expect(schemaPost(input({ source: 'schema_registry', format: 'avro' })).schema).toEqual({
      format: { avro: { confluent_schema_registry: true, into_unstructured_json: true } }, fields: [{ name: 'value', type: 'json', required: false }],
    });
    expect(schemaPost(input({ source: 'schema_registry', format: 'avro', definition: avro })).schema?.format).toEqual({ avro: { confluent_schema_registry: true, schema: avro } });
    expect(schemaPost(input({ source: 'schema_registry', format: 'json' })).schema?.format).toEqual({ json: { confluent_schema_registry: true, unstructured: true } });
    expect(schemaPost(input({ source: 'schema_registry', format: 'protobuf', descriptor: ORDER_SET, messageName: 'shop.Order' })).schema?.format)
      .toEqual({ protobuf: { compiled_schema: ORDER_SET, message_name: 'shop.Order', length_delimited: false, confluent_schema_registry: true } });
  });
  it('raw and the connector\'s columns', () => {
    expect(schemaPost(input({ source: 'raw' })).schema).toEqual({ format: { raw_string: {} }, fields: [{ name: 'value', type: 'string', required: true }] });
    expect(schemaPost(input({ source: 'inferred', format: 'debezium_json' })).schema).toEqual({ format: { debezium_json: {} }, fields: [], inferred: true });
  });
  it('errors instead of a schema when the definition is wrong', () => {
    expect(schemaPost(input({ source: 'avro', definition: '' }))).toEqual({ errors: ['The Avro schema is empty'] });
  });
});

describe('table options of a connector with schemas', () => {
  it('leaves the format and its options to the schema step', () => {
    const keys = ['topic', 'type', 'format', 'json.unstructured', 'avro.schema', 'protobuf.message_name', 'framing', 'bad_data', 'value.subject'];
    expect(withoutFormatOptions(keys.map((key) => ({ key }))).map((f) => f.key)).toEqual(['topic', 'type', 'framing', 'bad_data', 'value.subject']);
  });
});
