CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT window.start AS window_start, kind, n, n_big, total_big, users_big, small_ids
FROM (
  SELECT tumble(interval '10 seconds') AS window, kind, count(*) AS n,
    count(*) FILTER (WHERE amount >= 5) AS n_big,
    sum(amount) FILTER (WHERE amount >= 8) AS total_big,
    count(DISTINCT user_id) FILTER (WHERE amount >= 5) AS users_big,
    array_agg(id) FILTER (WHERE amount = 0) AS small_ids
  FROM events GROUP BY window, kind
);
