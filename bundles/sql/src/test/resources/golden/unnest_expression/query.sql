CREATE TABLE posts (
  id BIGINT,
  tags TEXT[],
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT id, upper(unnest(tags)) || '-' || CAST(id AS TEXT) AS tag FROM posts WHERE id % 2 = 1;
