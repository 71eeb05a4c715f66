CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
WITH big AS (
  SELECT id, user_id, amount * 2 AS doubled FROM events WHERE amount >= 5
), tagged AS (
  SELECT id, user_id, doubled, CASE WHEN doubled > 15 THEN 'high' ELSE 'mid' END AS level FROM big
)
SELECT id, level, doubled + user_id AS score
FROM (SELECT * FROM tagged WHERE user_id <> 3) AS t
WHERE doubled < 20;
