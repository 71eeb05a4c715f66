CREATE TABLE typed (
  b BOOLEAN,
  i8 TINYINT,
  i16 SMALLINT,
  i32 INT,
  i64 BIGINT,
  u64 BIGINT UNSIGNED,
  f32 REAL,
  f64 DOUBLE,
  d DECIMAL(10, 2),
  s TEXT,
  dt DATE,
  tm TIME,
  ts TIMESTAMP NOT NULL,
  arr BIGINT[]
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out SELECT * FROM typed;
