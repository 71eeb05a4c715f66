CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT window_start, user_id, total,
  lag(total) OVER (PARTITION BY window ORDER BY user_id) AS prev_total,
  lead(total) OVER (PARTITION BY window ORDER BY user_id) AS next_total
FROM (
  SELECT window, window.start AS window_start, user_id, total FROM (
    SELECT tumble(interval '10 seconds') AS window, user_id, sum(amount) AS total
    FROM events GROUP BY window, user_id
  )
);
