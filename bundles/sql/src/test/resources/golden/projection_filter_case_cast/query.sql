CREATE TABLE items (
  id BIGINT NOT NULL,
  name TEXT,
  price DOUBLE,
  qty INT,
  ts TIMESTAMP
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source',
  event_time_field = 'ts');

CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT id, upper(name) AS name,
  CASE WHEN qty = 0 THEN 'none' WHEN qty < 2 THEN 'few' ELSE 'many' END AS amount,
  CAST(price * qty AS BIGINT) AS total,
  price / 2 AS half,
  CAST(id AS TEXT) || '-' || CAST(qty AS VARCHAR) AS label
FROM items
WHERE id % 3 <> 0 AND price > 2;
