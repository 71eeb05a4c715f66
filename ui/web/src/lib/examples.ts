/** Example queries for the editor, each runnable as is. */
export const EXAMPLES: { name: string; query: string }[] = [
  {
    name: 'Impulse: every counter',
    query: `CREATE TABLE impulse WITH (
  connector = 'impulse',
  event_rate = '10'
);

SELECT counter, counter * 2 AS doubled FROM impulse;`,
  },
  {
    name: 'Impulse: count per second',
    query: `CREATE TABLE impulse WITH (
  connector = 'impulse',
  event_rate = '100'
);

SELECT count(*) AS events, tumble(interval '1 second') AS window
FROM impulse
GROUP BY window;`,
  },
  {
    name: 'Impulse: even counters',
    query: `CREATE TABLE impulse WITH (
  connector = 'impulse',
  event_rate = '10'
);

SELECT counter FROM impulse WHERE counter % 2 = 0;`,
  },
];

/** SQL functions offered by completion besides those the server lists. */
export const BUILTIN_FUNCTIONS = [
  'count', 'sum', 'min', 'max', 'avg', 'median', 'array_agg', 'string_agg', 'first_value', 'last_value',
  'tumble', 'hop', 'session', 'row_time', 'coalesce', 'nullif', 'abs', 'ceil', 'floor', 'round', 'sqrt', 'lower',
  'upper', 'length', 'concat', 'substr', 'trim', 'replace', 'regexp_replace', 'to_timestamp', 'date_trunc', 'now',
  'extract', 'json_get', 'json_get_str', 'unnest',
];
