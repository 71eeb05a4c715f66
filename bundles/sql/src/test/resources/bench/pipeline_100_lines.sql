-- A pipeline of about 100 lines for timing the planner: sources, sinks, views, a windowed
-- aggregate, an updating aggregate, joins and several INSERTs (read by PlanningTime).
CREATE TABLE orders (
  order_id BIGINT NOT NULL,
  customer_id BIGINT,
  product TEXT,
  quantity INT,
  price DOUBLE,
  status TEXT,
  ts TIMESTAMP NOT NULL,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = '/data/orders.json', format = 'json', type = 'source',
  event_time_field = 'ts');
CREATE TABLE payments (
  payment_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  amount DOUBLE,
  pay_method TEXT,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '/data/payments.json', format = 'json', type = 'source',
  event_time_field = 'ts');
CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '1000');

CREATE TABLE revenue_per_minute (
  window_start TIMESTAMP,
  window_end TIMESTAMP,
  product TEXT,
  orders BIGINT,
  revenue DOUBLE,
  biggest DOUBLE
) WITH (connector = 'single_file', path = '/data/revenue.json', format = 'json', type = 'sink');
CREATE TABLE customer_totals WITH (connector = 'single_file', path = '/data/customers.json',
  format = 'debezium_json', type = 'sink');
CREATE TABLE paid_orders WITH (connector = 'single_file', path = '/data/paid.json', format = 'json',
  type = 'sink');
CREATE TABLE hot_auctions WITH (connector = 'single_file', path = '/data/hot.json', format = 'json',
  type = 'sink');
CREATE TABLE order_log WITH (connector = 'single_file', path = '/data/log.json', format = 'json',
  type = 'sink');

CREATE VIEW valid_orders AS
SELECT order_id, customer_id, lower(trim(product)) AS product, quantity, price, ts
FROM orders
WHERE status <> 'cancelled' AND quantity > 0 AND price IS NOT NULL;

CREATE VIEW order_values AS
SELECT order_id, customer_id, product,
  CAST(quantity AS DOUBLE) * price AS value,
  CASE WHEN quantity * price > 1000 THEN 'large'
       WHEN quantity * price > 100 THEN 'medium'
       ELSE 'small' END AS size
FROM valid_orders;

INSERT INTO revenue_per_minute
SELECT window.start, window.end, product, n, total, top
FROM (
  SELECT tumble(interval '1 minute') AS window, product,
    count(*) AS n, sum(value) AS total, max(value) AS top
  FROM order_values
  GROUP BY window, product
);

INSERT INTO customer_totals
SELECT customer_id, count(*) AS orders, sum(value) AS spent,
  count(*) FILTER (WHERE size = 'large') AS large_orders
FROM order_values
GROUP BY customer_id;

INSERT INTO paid_orders
SELECT o.order_id, o.customer_id, p.amount, p.pay_method,
  p.amount - CAST(o.quantity AS DOUBLE) * o.price AS difference
FROM valid_orders o
JOIN payments p ON o.order_id = p.order_id
  AND p._timestamp BETWEEN o._timestamp AND o._timestamp + INTERVAL '10' MINUTE;

INSERT INTO hot_auctions
SELECT window_start, auction, bids, row_num
FROM (
  SELECT window.start AS window_start, auction, bids,
    row_number() OVER (PARTITION BY window ORDER BY bids DESC) AS row_num
  FROM (
    SELECT hop(interval '2 seconds', interval '10 seconds') AS window,
      bid.auction AS auction, count(*) AS bids
    FROM nexmark
    WHERE bid IS NOT NULL
    GROUP BY window, 2
  )
)
WHERE row_num <= 3;

INSERT INTO order_log
SELECT order_id, upper(product) AS product, size,
  concat('customer-', CAST(customer_id AS TEXT)) AS customer
FROM order_values
WHERE size <> 'small';
