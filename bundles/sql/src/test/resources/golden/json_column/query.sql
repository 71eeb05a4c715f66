CREATE TABLE docs (
  id BIGINT,
  doc JSON,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT id, doc ->> 'name' AS name, json_get_int(doc, 'n') * 2 AS twice, json_length(doc, 'tags') AS tags
FROM docs WHERE id % 2 = 1;
