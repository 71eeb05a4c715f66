CREATE TABLE bids (
  id BIGINT,
  bid STRUCT<auction BIGINT, price BIGINT, bidder STRUCT<name TEXT>>,
  ts TIMESTAMP NOT NULL
) WITH (connector = 'single_file', path = '$input_dir/input.json', format = 'json', type = 'source', event_time_field = 'ts');
CREATE TABLE out WITH (connector = 'single_file', path = '$output_path', format = 'json', type = 'sink');

INSERT INTO out
SELECT id, bid.auction AS auction, bid.bidder.name AS bidder, named_struct('doubled', bid.price * 2) AS extra
FROM bids WHERE bid.price > 100;
