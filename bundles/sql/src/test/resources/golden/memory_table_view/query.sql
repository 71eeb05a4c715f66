CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

CREATE TABLE buys (id BIGINT, user_id BIGINT, amount BIGINT);
INSERT INTO buys SELECT id, user_id, amount FROM events WHERE kind = 'buy';
CREATE VIEW rich_buys AS SELECT id, user_id, amount * 100 AS cents FROM buys WHERE amount > 3;
INSERT INTO out SELECT id, cents FROM rich_buys WHERE user_id < 3;
