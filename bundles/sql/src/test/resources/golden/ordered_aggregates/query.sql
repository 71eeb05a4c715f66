CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

-- open and close as column names, as Arroyo's bitcoin_stats
INSERT INTO out
SELECT window.start AS window_start, user_id, open, close, by_amount, kinds, top
FROM (
  SELECT tumble(interval '5 seconds') AS window, user_id,
    first_value(amount) AS open, last_value(amount) AS close,
    array_agg(amount ORDER BY amount DESC, id) AS by_amount,
    string_agg(kind, '|' ORDER BY kind, id DESC) AS kinds,
    array_agg(id ORDER BY amount DESC, id DESC) FILTER (WHERE amount > 5) AS top
  FROM events GROUP BY window, user_id
);
