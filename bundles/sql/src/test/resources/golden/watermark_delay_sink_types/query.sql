CREATE TABLE events (
  id BIGINT NOT NULL, user_id BIGINT, kind TEXT, amount BIGINT, ts TIMESTAMP NOT NULL,
  WATERMARK FOR ts AS ts - INTERVAL '3' SECOND
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source');
CREATE TABLE out (
  window_end TIMESTAMP,
  kind TEXT,
  total DOUBLE,
  n INT
) WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT window.end, kind, total, n FROM (
  SELECT tumble(interval '2 seconds') AS window, kind, sum(amount) AS total, count(*) AS n
  FROM events GROUP BY window, kind
);
