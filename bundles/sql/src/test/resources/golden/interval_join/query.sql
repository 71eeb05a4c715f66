CREATE TABLE orders (
  id BIGINT,
  customer TEXT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input_orders.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE shipments (
  order_id BIGINT,
  carrier TEXT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input_shipments.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT o.id, o.customer, s.carrier
FROM orders o JOIN shipments s ON o.id = s.order_id
  AND s._timestamp BETWEEN o._timestamp AND o._timestamp + INTERVAL '2' SECOND;
