CREATE TABLE accounts (
  id BIGINT NOT NULL,
  owner TEXT,
  balance BIGINT,
  PRIMARY KEY (id)
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'debezium_json', type = 'source');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'debezium_json', type = 'sink');

INSERT INTO out
SELECT owner,
  count(*) FILTER (WHERE balance >= 30) AS big,
  sum(balance) FILTER (WHERE balance >= 30) AS big_total,
  count(DISTINCT balance) FILTER (WHERE balance < 50) AS small_balances,
  array_agg(id ORDER BY balance DESC, id) AS ids_by_balance,
  string_agg(CAST(id AS TEXT), ',' ORDER BY id) FILTER (WHERE balance > 0) AS paying
FROM accounts GROUP BY owner;
