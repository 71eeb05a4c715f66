CREATE TABLE posts (
  id BIGINT,
  tags TEXT[],
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT id, tag FROM (SELECT id, unnest(tags) AS tag FROM posts) WHERE tag <> 'a0';
