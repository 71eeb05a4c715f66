CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

-- re-timed as Arroyo does: the rows' event time becomes ts + 3 s (forward, so none is late)
CREATE VIEW shifted AS
SELECT id, kind, amount, ts + interval '3 seconds' AS _timestamp FROM events;

INSERT INTO out
SELECT window.start AS window_start, window.end AS window_end, kind, n, total
FROM (
  SELECT tumble(interval '5 seconds') AS window, kind, count(*) AS n, sum(amount) AS total
  FROM shifted GROUP BY window, kind
);
