CREATE TABLE docs (
  id BIGINT,
  payload TEXT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT id,
  payload ->> 'name' AS name,
  json_get_int(payload, 'n') AS n,
  json_get_bool(payload, 'nested', 'ok') AS ok,
  json_get_float(payload, 'nested', 'score') AS score,
  json_length(payload, 'tags') AS tag_count,
  extract_json_string(payload, '$.tags[0]') AS first_tag,
  json_contains(payload, 'nested') AS has_nested
FROM docs
WHERE json_get_int(payload, 'n') % 2 = 0;
