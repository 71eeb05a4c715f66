CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT window.start AS session_start, window.end AS session_end, user_id, n, total
FROM (
  SELECT session(interval '2 seconds') AS window, user_id, count(*) AS n, sum(amount) AS total
  FROM events GROUP BY window, user_id
);
