CREATE TABLE users (
  id BIGINT,
  name TEXT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input_users.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE payments (
  user_id BIGINT,
  amount BIGINT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input_payments.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'debezium_json', type = 'sink');

INSERT INTO out
SELECT u.id, u.name, p.user_id, p.amount
FROM users u LEFT JOIN payments p ON u.id = p.user_id;
