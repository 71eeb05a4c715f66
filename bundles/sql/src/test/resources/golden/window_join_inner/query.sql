CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT c.k AS user_id, c.clicks, b.buys
FROM (
  SELECT tumble(interval '5 seconds') AS window, user_id AS k, count(*) AS clicks
  FROM events WHERE kind = 'click' GROUP BY window, user_id
) c
INNER JOIN (
  SELECT tumble(interval '5 seconds') AS window, user_id AS k, count(*) AS buys
  FROM events WHERE kind = 'buy' AND amount > 4 GROUP BY window, user_id
) b
ON c.window = b.window AND c.k = b.k;
