CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

-- a window as a table function in FROM, as Arroyo's planner takes it: an aggregate per window
INSERT INTO out
SELECT kind, count(*) AS n, sum(amount) AS total
FROM TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)
GROUP BY kind;
