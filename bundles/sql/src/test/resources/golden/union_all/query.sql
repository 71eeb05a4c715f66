CREATE TABLE a (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input_a.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE b (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input_b.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT id, kind, amount FROM a WHERE amount > 5
UNION ALL
SELECT id, kind, amount * 10 AS amount FROM b WHERE id % 2 = 0;
