CREATE TABLE events (
  id BIGINT,
  user_id BIGINT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT window.start AS window_start, user_id, n, n_amount, total, lo, hi, mean FROM (
  SELECT tumble(interval '4 seconds') AS window, user_id, count(*) AS n, count(amount) AS n_amount,
    sum(amount) AS total, min(amount) AS lo, max(amount) AS hi, avg(amount) AS mean
  FROM events GROUP BY window, user_id
);
