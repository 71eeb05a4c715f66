CREATE TABLE accounts (
  id BIGINT NOT NULL,
  owner TEXT,
  balance BIGINT,
  PRIMARY KEY (id)
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'debezium_json', type = 'source');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'debezium_json', type = 'sink');

INSERT INTO out
SELECT owner, count(*) AS accounts, sum(balance) AS total FROM accounts GROUP BY owner;
