CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT window.start AS window_start, window.end AS window_end, n, total
FROM (
  SELECT hop(interval '2 seconds', interval '6 seconds') AS window, count(*) AS n, sum(amount) AS total
  FROM events GROUP BY window
);
