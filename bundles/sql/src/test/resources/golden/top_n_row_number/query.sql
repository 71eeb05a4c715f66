CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT window_start, user_id, total, rn FROM (
  SELECT window.start AS window_start, user_id, total,
    row_number() OVER (PARTITION BY window ORDER BY total DESC, user_id) AS rn
  FROM (
    SELECT tumble(interval '5 seconds') AS window, user_id, sum(amount) AS total
    FROM events GROUP BY window, user_id
  )
) WHERE rn <= 2;
