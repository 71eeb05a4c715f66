CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT window.start AS window_start, window.end AS window_end, kind, n, total, lo, hi, mean
FROM (
  SELECT tumble(interval '5 seconds') AS window, kind, count(*) AS n, sum(amount) AS total,
    min(amount) AS lo, max(amount) AS hi, avg(amount) AS mean
  FROM events GROUP BY window, kind
);
