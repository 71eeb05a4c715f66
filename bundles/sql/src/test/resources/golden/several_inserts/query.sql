CREATE TABLE events (
  id BIGINT NOT NULL,
  user_id BIGINT,
  kind TEXT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');
CREATE TABLE second WITH (connector = 'single_file', path = '$output_dir/second.json', format = 'json', type = 'sink');

INSERT INTO out SELECT id, amount FROM events WHERE kind = 'buy';
INSERT INTO second SELECT id, upper(kind) AS kind FROM events WHERE amount = 0;
