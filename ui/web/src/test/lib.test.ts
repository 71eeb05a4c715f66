import { describe, expect, it } from 'vitest';
import { errorMessage } from '../api/client';
import { completionSchema, connectionTablesOf, tablesOf } from '../lib/catalog';
import { diagnosticRange } from '../lib/diagnostics';
import { fieldsOf, valuesToConfig } from '../lib/jsonSchemaForm';
import { latestJobs } from '../lib/jobs';
import { layoutGraph, NODE_HEIGHT } from '../lib/layout';
import { backpressureHue, combinedSeries, formatRate, formatValue, operatorCharts, operatorStats, polyline } from '../lib/metrics';
import type { OperatorMetricGroup } from '../api/types';
import { appendBounded, columnsOf, rowOf } from '../lib/output';
import { filterAndPage } from '../lib/paging';
import { formatDurationMicros, stateTone } from '../lib/format';

describe('diagnosticRange', () => {
  const text = 'SELECT a\nFROM impulse\nWHERE x = 1';
  it('maps 1-based inclusive line/column spans to offsets', () => {
    const r = diagnosticRange(text, { message: 'unknown table', span: { start: { line: 2, column: 6 }, end: { line: 2, column: 12 } } });
    expect(text.slice(r.from, r.to)).toBe('impulse');
    expect(r.message).toBe('unknown table');
  });
  it('covers the first line when there is no span', () => {
    const r = diagnosticRange(text, { message: 'bad' });
    expect(text.slice(r.from, r.to)).toBe('SELECT a');
  });
  it('clamps spans outside the text', () => {
    const r = diagnosticRange(text, { message: 'x', span: { start: { line: 9, column: 40 }, end: { line: 9, column: 50 } } });
    expect(r.from).toBeLessThanOrEqual(text.length);
    expect(r.to).toBeLessThanOrEqual(text.length);
    expect(r.to).toBeGreaterThanOrEqual(r.from);
  });
});

describe('tablesOf', () => {
  it('finds tables, columns and connectors of CREATE TABLE', () => {
    const sql = `CREATE TABLE Impulse WITH (connector = 'impulse', event_rate = '1');
      CREATE TABLE "Out" (counter BIGINT UNSIGNED, s STRUCT<a INT, b TEXT>, WATERMARK FOR ts) WITH (connector = 'single_file', path = '/x');
      INSERT INTO "Out" SELECT counter FROM impulse;`;
    const tables = tablesOf(sql);
    expect(tables).toEqual([
      { name: 'Out', columns: ['counter', 's'], connector: 'single_file' },
      { name: 'impulse', columns: [], connector: 'impulse' },
    ]);
    expect(completionSchema(tables)).toEqual({ Out: ['counter', 's'], impulse: [] });
  });
});

describe('connectionTablesOf', () => {
  it('offers saved tables with their schema columns', () => {
    expect(connectionTablesOf([
      { name: 'orders', connector: 'kafka', schema: { fields: [{ name: 'id' }, { name: 'amount' }] } },
      { name: 'ticks', connector: 'impulse' },
      { connector: 'nameless' },
    ])).toEqual([
      { name: 'orders', connector: 'kafka', columns: ['id', 'amount'] },
      { name: 'ticks', connector: 'impulse', columns: [] },
    ]);
  });
});

describe('layoutGraph', () => {
  it('places each operator below the one it reads from', () => {
    const { nodes, edges } = layoutGraph({
      nodes: [
        { node_id: 'sink', operator: 'sink', description: 'file', parallelism: 1 },
        { node_id: 'src', operator: 'source', description: 'impulse', parallelism: 2 },
        { node_id: 'calc', operator: 'calc', description: 'filter', parallelism: 2 },
      ],
      edges: [
        { src_id: 'src', dest_id: 'calc', edge_type: 'forward' },
        { src_id: 'calc', dest_id: 'sink', edge_type: 'shuffle' },
        { src_id: 'calc', dest_id: 'missing', edge_type: 'forward' },
      ],
    });
    const y = Object.fromEntries(nodes.map((n) => [n.id, n.y]));
    expect(y.src + NODE_HEIGHT).toBeLessThanOrEqual(y.calc);
    expect(y.calc + NODE_HEIGHT).toBeLessThanOrEqual(y.sink);
    expect(edges.map((e) => `${e.source}>${e.target}:${e.label}`)).toEqual(['src>calc:forward', 'calc>sink:shuffle']);
  });
  it('lays out nothing for no graph', () => {
    expect(layoutGraph(undefined)).toEqual({ nodes: [], edges: [] });
  });
});

describe('filterAndPage', () => {
  const items = Array.from({ length: 45 }, (_, i) => `p${i}`);
  it('pages and clamps', () => {
    expect(filterAndPage(items, (x) => x, '', 2, 20)).toMatchObject({ items: ['p40', 'p41', 'p42', 'p43', 'p44'], page: 2, pages: 3, total: 45 });
    expect(filterAndPage(items, (x) => x, '', 9, 20).page).toBe(2);
  });
  it('filters case-insensitively before paging', () => {
    const r = filterAndPage(items, (x) => x.toUpperCase(), 'p4', 0, 3);
    expect(r.total).toBe(6);
    expect(r.items).toEqual(['p4', 'p40', 'p41']);
  });
});

describe('operator metrics', () => {
  const groups: OperatorMetricGroup[] = [
    { operator_id: 'src', metric_groups: [
      { name: 'messages_sent', subtasks: [
        { index: 0, metrics: [{ time: 2_000_000, value: 10 }, { time: 1_000_000, value: 4 }] },
        { index: 1, metrics: [{ time: 1_500_000, value: 6 }, { time: 2_500_000, value: 8 }] },
      ] },
      { name: 'backpressure', subtasks: [
        { index: 0, metrics: [{ time: 1_000_000, value: 0.1 }] },
        { index: 1, metrics: [{ time: 1_000_000, value: 0.75 }] },
      ] },
      { name: 'bytes_recv', subtasks: [{ index: 0, metrics: [] }] },
    ] },
    { operator_id: 'sink', metric_groups: [{ name: 'messages_recv', subtasks: [{ index: 0, metrics: [{ time: 1_000_000, value: 2500 }] }] }] },
  ];
  it('sums the subtasks\' rates, each carried forward to the times the others report', () => {
    expect(combinedSeries(groups, 'src', 'messages_sent')).toEqual([
      { time: 1_000_000, value: 4 }, { time: 1_500_000, value: 10 }, { time: 2_000_000, value: 16 }, { time: 2_500_000, value: 18 },
    ]);
    expect(combinedSeries(groups, 'src', 'backpressure', 'max')).toEqual([{ time: 1_000_000, value: 0.75 }]);
    expect(combinedSeries(groups, 'nope', 'messages_sent')).toEqual([]);
  });
  it('gives each operator its latest rates and worst backpressure', () => {
    const stats = operatorStats(groups);
    expect(stats.get('src')).toEqual({ recordsIn: 0, recordsOut: 18, bytesIn: 0, bytesOut: 0, backpressure: 0.75 });
    expect(stats.get('sink')?.recordsIn).toBe(2500);
  });
  it('charts records, bytes and backpressure of an operator, leaving out those without points', () => {
    const charts = operatorCharts(groups, 'src');
    expect(charts.map((c) => c.title)).toEqual(['Records', 'Backpressure']);
    expect(charts[0].series.map((s) => `${s.name}:${s.points.length}`)).toEqual(['in:0', 'out:4']);
    expect(charts[1].max).toBe(1);
    expect(operatorCharts(groups, 'unknown')).toEqual([]);
  });
  it('colours backpressure from green to red, clamped', () => {
    expect(backpressureHue(0)).toBe(120);
    expect(backpressureHue(0.5)).toBe(60);
    expect(backpressureHue(1)).toBe(0);
    expect(backpressureHue(3)).toBe(0);
    expect(backpressureHue(-1)).toBe(120);
    expect(backpressureHue(Number.NaN)).toBe(120);
  });
  it('formats rates and chart values', () => {
    expect([0, 0.25, 9.5, 950, 1234, 56_789, 4_500_000].map(formatRate)).toEqual(['0', '0.3', '9.5', '950', '1.2k', '57k', '4.5M']);
    expect(formatValue(0.425, '%')).toBe('43%');
    expect(formatValue(2048, 'B/s')).toBe('2.0kB/s');
  });
  it('draws a series into a box on a given scale', () => {
    const pts = [{ time: 0, value: 0 }, { time: 10, value: 5 }, { time: 20, value: 20 }];
    expect(polyline(pts, 100, 10)).toBe('0.0,10.0 50.0,7.5 100.0,0.0');
    expect(polyline(pts, 100, 10, 0, 40, 10)).toBe('0.0,10.0 25.0,5.0 50.0,0.0');
    expect(polyline([], 100, 10)).toBe('');
  });
});

describe('output rows', () => {
  it('parses JSON objects and keeps other values in one column', () => {
    const rows = [rowOf(0, { value: '{"a":1,"b":"x"}' }), rowOf(1, { value: '{"c":null}' }), rowOf(2, { value: 'not json' })];
    expect(columnsOf(rows)).toEqual(['a', 'b', 'c', 'value']);
    expect(rows[2].values).toEqual({ value: 'not json' });
    expect(appendBounded([1, 2, 3], [4, 5], 4)).toEqual([2, 3, 4, 5]);
  });
});

describe('json schema forms', () => {
  const schema = JSON.stringify({
    type: 'object',
    required: ['event_rate'],
    properties: {
      event_rate: { type: 'number', title: 'Event rate' },
      message_count: { type: ['integer', 'null'] },
      mode: { type: 'string', enum: ['a', 'b'] },
      flag: { type: 'boolean' },
      nested: { type: 'object' },
    },
  });
  it('derives fields and builds the config, naming bad fields', () => {
    const fields = fieldsOf(schema);
    expect(fields.map((f) => `${f.key}:${f.kind}:${f.required}`)).toEqual([
      'event_rate:number:true', 'message_count:number:false', 'mode:enum:false', 'flag:boolean:false', 'nested:json:false',
    ]);
    expect(valuesToConfig(fields, { event_rate: '10', mode: 'b', flag: true, nested: '{"x":1}' })).toEqual({
      config: { event_rate: 10, mode: 'b', flag: true, nested: { x: 1 } }, errors: [],
    });
    expect(valuesToConfig(fields, { message_count: 'ten', nested: '{' }).errors).toEqual([
      'Event rate is required', "message_count must be a number, was 'ten'", 'nested must be JSON',
    ]);
    expect(fieldsOf('not json')).toEqual([]);
  });
});

describe('small helpers', () => {
  it('reads the API error message', () => {
    expect(errorMessage(400, '{"error":"bad query"}')).toBe('bad query');
    expect(errorMessage(502, '<html>gateway</html>')).toBe('HTTP 502: <html>gateway</html>');
    expect(errorMessage(404, '')).toBe('HTTP 404');
  });
  it('picks the newest job per pipeline', () => {
    const m = latestJobs([
      { id: 'a', pipeline_id: 'p', created_at: 1 },
      { id: 'b', pipeline_id: 'p', created_at: 3 },
      { id: 'c', pipeline_id: 'q', created_at: 2 },
    ]);
    expect(m.get('p')?.id).toBe('b');
    expect(m.get('q')?.id).toBe('c');
  });
  it('formats and classifies', () => {
    expect(formatDurationMicros(1_500_000)).toBe('1.5 s');
    expect(formatDurationMicros(90_000_000)).toBe('1 min 30 s');
    expect(stateTone('Running')).toBe('ok');
    expect(stateTone('Failed')).toBe('bad');
    expect(stateTone('Scheduling')).toBe('busy');
    expect(stateTone(undefined)).toBe('idle');
  });
});
