package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wadi.connector.nexmark.internal.NexmarkConnector;
import org.wadi.connector.singlefile.internal.SingleFileConnector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.types.DataType;
import org.wadi.sql.PlanResult;

/**
 * The constructs of Arroyo's planner test queries ({@code crates/arroyo-planner/src/test/queries},
 * one case each, named after the file), in queries of our own with the same shape: each plans, or
 * fails with Wadi's message where Arroyo's fails (its {@code --fail=} files) — or plans where Wadi
 * goes beyond Arroyo, which the case says. Arroyo's tests read connectors Wadi does not ship (Kafka,
 * SSE, MQTT, Delta, polling HTTP …): here the {@code stream} connector stands for them, a source
 * or sink of the declared columns that takes any option and offers Kafka's metadata keys.
 */
class ArroyoPlannerQueriesTest {

    /** Arroyo's external sources and sinks: the declared columns, any options, Kafka's metadata keys. */
    static final class ExternalStream implements Connector {
        static final Map<String, DataType> METADATA = metadataKeys();

        private static Map<String, DataType> metadataKeys() {
            Map<String, DataType> keys = new LinkedHashMap<>();
            keys.put("offset_id", DataType.INT64);
            keys.put("partition", DataType.INT32);
            keys.put("topic", DataType.UTF8);
            keys.put("timestamp", DataType.TIMESTAMP);
            return keys;
        }

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("stream", "Stream", "", "an external stream for tests", true, true, false,
                    true, false, true, null, null, METADATA);
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            Options o = request.options();
            String type = o.choice("type", "source", "source", "sink");
            Map<String, String> options = new LinkedHashMap<>();
            options.put("type", type);
            // every other option (format, topic, path …) is the external system's own: kept as it is
            for (Map.Entry<String, String> e : o.asMap().entrySet()) {
                options.putIfAbsent(e.getKey(), o.optional(e.getKey()).orElse(e.getValue()));
            }
            if (type.equals("source") && request.columns().size() == 0) {
                throw new ConnectorException("stream source '" + request.name() + "' needs its columns declared");
            }
            return new ConnectorTable(request.name(), "stream", options, request.columns(),
                    Set.of(type.equals("source") ? TableRole.SOURCE : TableRole.SINK), false);
        }
    }

    private static final CalciteSqlPlanner PLANNER = planner();

    private static CalciteSqlPlanner planner() {
        Map<String, Connector> all = new LinkedHashMap<>();
        all.put("impulse", new TestConnectors.Impulse());
        all.put("nexmark", new NexmarkConnector());
        all.put("single_file", new SingleFileConnector());
        all.put("preview", new TestConnectors.Preview());
        all.put("redis", new TestConnectors.Lookup());
        all.put("stream", new ExternalStream());
        return new CalciteSqlPlanner(ConnectorLookup.of(all), TestConnectors.FILES);
    }

    /** {@code error}: null when the query must plan, else a text the first error message contains. */
    record Case(String arroyoFile, String sql, String error, String note) {
    }

    static Case plans(String file, String sql) {
        return new Case(file, sql, null, "");
    }

    static Case fails(String file, String error, String sql) {
        return new Case(file, sql, error, "");
    }

    /** Arroyo refuses it; Wadi plans it (the note says how it goes further). */
    static Case beyond(String file, String note, String sql) {
        return new Case(file, sql, null, note);
    }

    /** Arroyo plans it; Wadi does not yet (the note says why), with this clear message. */
    static Case gap(String file, String note, String error, String sql) {
        return new Case(file, sql, error, note);
    }

    static final String IMPULSE = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '10');\n";
    static final String NEXMARK = "CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '10');\n";
    static final String CARS = """
            CREATE TABLE cars (ts TIMESTAMP, driver_id BIGINT, event_type TEXT, location TEXT)
            WITH (connector = 'single_file', path = '/data/cars.json', format = 'json', type = 'source',
              event_time_field = 'ts');
            """;
    static final String CARS_OUT = """
            CREATE TABLE cars_out (ts TIMESTAMP, driver_id BIGINT, event_type TEXT, location TEXT)
            WITH (connector = 'single_file', path = '/data/cars_out.json', format = 'json', type = 'sink');
            """;
    static final String PAGE_VIEWS = """
            CREATE TABLE page_views (
              id TEXT PRIMARY KEY, ts TIMESTAMP NOT NULL, ip TEXT, user_id TEXT, platform TEXT, app_version TEXT,
              kind TEXT NOT NULL, properties JSON
            ) WITH (connector = 'stream', topic = 'analytics', format = 'json', type = 'source');
            """;
    static final String BIDS_FILE = """
            CREATE TABLE bids (auction BIGINT, bidder BIGINT, price BIGINT, channel TEXT, url TEXT,
              datetime TIMESTAMP, extra TEXT)
            WITH (connector = 'stream', format = 'parquet', type = 'source', path = '/data/bids',
              event_time_field = 'datetime');
            """;
    static final String UPDATING_SOURCE = """
            CREATE TABLE changes (id INT PRIMARY KEY, amount INT)
            WITH (connector = 'single_file', path = '/data/changes.json', format = 'debezium_json', type = 'source');
            """;
    static final String LOOKUP = """
            CREATE TEMPORARY TABLE customers (
              customer_id TEXT GENERATED ALWAYS AS (metadata('key')) STORED PRIMARY KEY,
              customer_name TEXT,
              plan TEXT
            ) WITH (connector = 'redis');
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                plans("analytics_ingest", PAGE_VIEWS + """
                        CREATE TABLE signups WITH (connector = 'stream', type = 'sink', format = 'parquet',
                          path = 's3://bucket/signups', rollover_seconds = '600');
                        INSERT INTO signups
                        SELECT id, ts, ip, user_id, platform, app_version,
                          properties->>'signup_method' AS signup_method, properties->>'campaign_id' AS campaign_id
                        FROM page_views WHERE kind = 'account_created';
                        """),
                plans("async_udf_subquery", """
                        CREATE TABLE logs (ip TEXT) WITH (connector = 'stream', format = 'json', type = 'source');
                        SELECT count(*) AS count, city, hop(interval '5 seconds', interval '15 minutes') AS window
                        FROM (SELECT upper(logs.ip) AS city FROM logs)
                        WHERE city IS NOT NULL
                        GROUP BY city, window;
                        """),
                plans("basic_tumble_aggregate", NEXMARK + """
                        SELECT bid.auction AS auction, tumble(INTERVAL '1' second) AS window, count(*) AS count
                        FROM nexmark WHERE bid IS NOT NULL GROUP BY 1, 2;
                        """),
                plans("bitcoin_stats", """
                        CREATE TABLE ticks (kind TEXT, product_id TEXT, price FLOAT)
                        WITH (connector = 'stream', format = 'json');
                        CREATE VIEW stats AS (
                          SELECT tumble(interval '5 seconds') AS window, product_id,
                            first_value(price) AS open, max(price) AS high, min(price) AS low, last_value(price) AS close
                          FROM ticks GROUP BY 1, 2);
                        SELECT window.start, product_id, open, high, low, close FROM stats WHERE product_id IS NOT NULL;
                        """),
                plans("bluesky_trends", """
                        CREATE TABLE posts (value TEXT) WITH (connector = 'stream', format = 'raw_string');
                        CREATE VIEW tags AS (
                          SELECT unnest(extract_json(value, '$.facets[*].features[*].tag')) AS tag FROM posts);
                        SELECT * FROM (
                          SELECT *, row_number() OVER (PARTITION BY window ORDER BY count DESC) AS row_num
                          FROM (SELECT count(*) AS count, tag, hop(interval '5 seconds', interval '15 minutes') AS window
                                FROM tags GROUP BY tag, window)) WHERE row_num <= 5;
                        """),
                plans("create_table_updating", BIDS_FILE + """
                        CREATE TABLE counts AS (SELECT count(*) FROM bids);
                        SELECT * FROM counts;
                        """),
                plans("crypto_function", IMPULSE + "SELECT sha256(cast(counter AS TEXT)) FROM impulse;"),
                plans("custom_ttls", """
                        CREATE TABLE toots (value TEXT) WITH (connector = 'stream', format = 'raw_string');
                        CREATE VIEW tags AS (
                          SELECT tag FROM (SELECT extract_json_string(value, '$.tags[*].name') AS tag FROM toots)
                          WHERE tag IS NOT NULL);
                        SET updating_ttl = interval '5' second;
                        SELECT count(*), tag FROM tags GROUP BY tag;
                        """),
                plans("decimal", """
                        CREATE TABLE prices (a INT, b DECIMAL(10, 5)) WITH (connector = 'stream', format = 'json');
                        SELECT * FROM prices;
                        """),
                fails("error_filesystem_row_group_size_too_large",
                        "Invalid value 'both' for option 'type' of connector 'single_file': expected one of source, sink",
                        IMPULSE + """
                        CREATE TABLE out (counter BIGINT UNSIGNED)
                        WITH (connector = 'single_file', path = '/data/out.json', format = 'json', type = 'both');
                        INSERT INTO out SELECT counter FROM impulse;
                        """),
                fails("error_lookup_join_non_primary_key", "customer_name", CARS + LOOKUP + """
                        SELECT c.driver_id, k.customer_name FROM cars c JOIN customers k
                        ON c.location = k.customer_name;
                        """),
                fails("error_memory_table_double_write", "memory", CARS + CARS_OUT + """
                        CREATE TABLE memory (event_type TEXT, location TEXT, driver_id BIGINT);
                        INSERT INTO memory SELECT event_type, location, driver_id FROM cars;
                        INSERT INTO memory SELECT location, event_type, driver_id FROM cars;
                        INSERT INTO cars_out SELECT ts, driver_id, event_type, location FROM memory;
                        """),
                beyond("error_mismatched_nested_windows", "Wadi aggregates the windowed rows again in the outer "
                        + "window (each inner result at its window's end)", NEXMARK + """
                        SELECT count(*) AS auctions, tumble(interval '2 minute') AS second_window
                        FROM (SELECT bid.auction AS auction, tumble(interval '1 minute') AS window, count(*) AS count
                              FROM nexmark WHERE bid IS NOT NULL GROUP BY 1, 2)
                        GROUP BY 2;
                        """),
                fails("error_missing_redis_key", "PRIMARY KEY", IMPULSE + """
                        CREATE TEMPORARY TABLE lookup (value TEXT, len INT) WITH (connector = 'redis');
                        SELECT a.counter, b.value FROM impulse a LEFT JOIN lookup b ON cast(a.counter AS TEXT) = b.value;
                        """),
                plans("error_missing_window_basic_tumble", NEXMARK + """
                        SELECT bid.auction AS auction, count(*) AS count FROM nexmark WHERE bid IS NOT NULL GROUP BY 1;
                        """),
                beyond("error_no_aggregate_over_debezium", "Wadi aggregates updating input (the golden case "
                        + "debezium_source_aggregate runs it)", UPDATING_SOURCE + "SELECT count(*) FROM changes;"),
                beyond("error_no_nested_updating_aggregates", "Wadi aggregates an updating aggregate's changes "
                        + "again (retractions included)", IMPULSE + """
                        SELECT sum(count), max(counter) FROM (
                          SELECT count(*) AS count, subtask_index, max(counter) AS counter FROM impulse GROUP BY 2);
                        """),
                fails("error_read_from_unwritten_memory_table",
                        "Can't query from memory table 'memory' without first inserting into it", """
                        CREATE TABLE memory (event_type TEXT, location TEXT, driver_id BIGINT);
                        SELECT * FROM memory;
                        """),
                beyond("error_reserved_column_alias", "Wadi reserves no '__arroyo' prefix: its internal columns "
                        + "are _timestamp and _op", IMPULSE + "SELECT counter AS __arroyo_internal_ts FROM impulse;"),
                beyond("error_reserved_column_alias_quoted_uppercase", "as above",
                        IMPULSE + "SELECT counter AS \"__ARROYO_X\" FROM impulse;"),
                fails("error_reserved_column_create_table", "The column name '_timestamp' is reserved for the event time", """
                        CREATE TABLE cars (ts TIMESTAMP, _timestamp BIGINT)
                        WITH (connector = 'single_file', path = '/data/cars.json', format = 'json', type = 'source');
                        SELECT ts FROM cars;
                        """),
                fails("error_reserved_column_create_table_quoted_uppercase", "reserved", """
                        CREATE TABLE cars (ts TIMESTAMP, "_timestamp" BIGINT)
                        WITH (connector = 'single_file', path = '/data/cars.json', format = 'json', type = 'source');
                        SELECT ts FROM cars;
                        """),
                fails("error_reserved_column_create_table_uppercase", "reserved", """
                        CREATE TABLE cars (ts TIMESTAMP, _TIMESTAMP BIGINT)
                        WITH (connector = 'single_file', path = '/data/cars.json', format = 'json', type = 'source');
                        SELECT ts FROM cars;
                        """),
                fails("filesystem_invalid_partition", "not_a_real_field", PAGE_VIEWS + """
                        CREATE TABLE events_sink (id TEXT, kind TEXT NOT NULL)
                        WITH (connector = 'single_file', path = '/data/sink.json', format = 'json', type = 'sink');
                        INSERT INTO events_sink SELECT id, not_a_real_field FROM page_views;
                        """),
                plans("filesystem_partition", PAGE_VIEWS + """
                        CREATE TABLE events_sink WITH (connector = 'stream', type = 'sink', format = 'parquet',
                          path = 's3://bucket/events', time_partition_pattern = '%Y/%m/%d/%H',
                          partition_fields = 'kind,app_version');
                        INSERT INTO events_sink SELECT * FROM page_views;
                        """),
                plans("first_pipeline", NEXMARK + """
                        SELECT * FROM (
                          SELECT *, row_number() OVER (PARTITION BY window ORDER BY count DESC) AS row_num
                          FROM (SELECT count(*) AS count, bid.auction AS auction,
                                  hop(interval '2 seconds', interval '60 seconds') AS window
                                FROM nexmark WHERE bid IS NOT NULL GROUP BY 2, window)) WHERE row_num <= 5;
                        """),
                plans("hop_to_tumble", IMPULSE
                        + "SELECT count(*) FROM impulse GROUP BY hop(interval '10 seconds', interval '10 seconds');"),
                plans("iceberg_partitioning", IMPULSE + """
                        CREATE TABLE sink (id INT, ts TIMESTAMP(6) NOT NULL, b TEXT, count INT)
                        WITH (connector = 'stream', type = 'sink', table_name = 'ice', format = 'parquet');
                        INSERT INTO sink SELECT subtask_index, row_time(), cast(counter AS TEXT), counter FROM impulse;
                        """),
                plans("infer_debezium_sink", IMPULSE + """
                        CREATE TABLE sink WITH (connector = 'stream', format = 'debezium_json', type = 'sink',
                          topic = 'outputs');
                        INSERT INTO sink SELECT count(*) FROM impulse
                        GROUP BY hop(interval '5 seconds', interval '30 seconds');
                        """),
                fails("insert_into_source", "source", """
                        CREATE TABLE source WITH (connector = 'impulse', event_rate = '10');
                        INSERT INTO source SELECT * FROM source;
                        """),
                plans("kafka_metadata_udf", """
                        CREATE TABLE users (
                          id TEXT,
                          name TEXT,
                          "offset" BIGINT GENERATED ALWAYS AS (metadata('offset_id')) STORED,
                          topic TEXT GENERATED ALWAYS AS (metadata('topic')) STORED,
                          "partition" INT GENERATED ALWAYS AS (metadata('partition')) STORED
                        ) WITH (connector = 'stream', topic = 'orders', format = 'json', type = 'source');
                        SELECT * FROM users;
                        """),
                plans("kafka_producer_metadata", CARS + """
                        CREATE TABLE sink (ts TIMESTAMP NOT NULL, driver TEXT, event TEXT)
                        WITH (connector = 'stream', format = 'json', 'sink.timestamp_field' = 'ts',
                          'sink.key_field' = 'driver', type = 'sink', topic = 'events');
                        INSERT INTO sink SELECT ts, cast(driver_id AS TEXT), event_type FROM cars WHERE ts IS NOT NULL;
                        """),
                gap("legacy_timestamp_name_as_user_column", "Wadi's event-time column is named _timestamp (as in "
                        + "Arroyo before __arroyo_internal_ts): a select item of that name sets the rows' event time, "
                        + "which must be a TIMESTAMP",
                        "_timestamp, the rows' event time, must be a TIMESTAMP, but this expression is BIGINT",
                        IMPULSE + "SELECT CAST(counter AS BIGINT) AS _timestamp FROM impulse;"),
                plans("lookup_join", CARS + LOOKUP + """
                        SELECT e.driver_id, e.ts, e.location, c.customer_name, c.plan
                        FROM cars e LEFT JOIN customers c ON e.location = c.customer_id
                        WHERE c.plan = 'Premium';
                        """),
                plans("lookup_join_text_cast", CARS + """
                        CREATE TEMPORARY TABLE customers (customer_id TEXT METADATA FROM 'key' PRIMARY KEY,
                          customer_name TEXT) WITH (connector = 'redis');
                        SELECT e.driver_id, c.customer_name FROM cars e
                        LEFT JOIN customers c ON CAST(e.driver_id AS TEXT) = c.customer_id;
                        """),
                plans("median_variance", NEXMARK + """
                        SELECT median(bid.auction) AS median_auction, variance(bid.auction) AS variance_auction
                        FROM nexmark WHERE bid IS NOT NULL;
                        """),
                plans("merge_updates", IMPULSE + "SELECT counter % 10, count(*) FROM impulse GROUP BY counter % 10;"),
                fails("metadata_error", "incorrect data type for metadata field 'topic'", """
                        CREATE TABLE readings (name TEXT, value INT,
                          topic INT GENERATED ALWAYS AS (metadata('topic')) STORED)
                        WITH (connector = 'stream', topic = 'plant/#', type = 'source', format = 'json');
                        SELECT topic FROM readings;
                        """),
                plans("metadata_fields", """
                        CREATE TABLE readings (name TEXT, value INT, my_topic TEXT METADATA FROM 'topic')
                        WITH (connector = 'stream', topic = 'plant/#', type = 'source', format = 'json');
                        SELECT my_topic FROM readings;
                        """),
                plans("metadata_raw_string", """
                        CREATE TABLE readings (value TEXT, my_topic TEXT METADATA FROM 'topic')
                        WITH (connector = 'stream', topic = 'plant/#', type = 'source', format = 'raw_string');
                        SELECT my_topic FROM readings;
                        """),
                plans("no_inserting_updates_into_non_updating", UPDATING_SOURCE + """
                        CREATE TABLE sink (amount INT) WITH (connector = 'stream', type = 'sink',
                          format = 'debezium_json');
                        INSERT INTO sink SELECT amount FROM changes;
                        """),
                beyond("no_updating_joins", "Wadi's updating joins take updating inputs", BIDS_FILE + """
                        CREATE TABLE counts AS (SELECT count(*) AS counts, bidder FROM bids GROUP BY 2);
                        SELECT a.counts, b.counts FROM counts a JOIN counts b ON a.bidder = b.bidder;
                        """),
                fails("no_updating_window_functions", "window", NEXMARK + """
                        SELECT *, row_number() OVER (PARTITION BY bid.auction ORDER BY bid.datetime DESC) AS row_num
                        FROM nexmark WHERE bid IS NOT NULL;
                        """),
                fails("no_virtual_fields_updating", "GENERATED", """
                        CREATE TABLE changes (id INT PRIMARY KEY, date_string TEXT,
                          datetime TIMESTAMP GENERATED ALWAYS AS (CAST(date_string AS TIMESTAMP)) STORED)
                        WITH (connector = 'single_file', path = '/data/changes.json', format = 'debezium_json',
                          type = 'source');
                        SELECT * FROM changes;
                        """),
                plans("parse_log", """
                        CREATE TABLE logs (
                          value TEXT NOT NULL,
                          parsed TEXT GENERATED ALWAYS AS (json_get_json(value, 'log')),
                          event_time TIMESTAMP GENERATED ALWAYS AS
                            (CAST(extract_json_string(json_get_json(value, 'log'), '$.timestamp') AS TIMESTAMP))
                        ) WITH (connector = 'stream', type = 'source', format = 'raw_string');
                        SELECT count(*) FROM logs
                        WHERE extract_json(parsed, '$.status_code')[1] = '500'
                        GROUP BY hop(interval '5 seconds', interval '5 minutes');
                        """),
                plans("prometheus", """
                        CREATE TABLE metrics (value TEXT, parsed TEXT GENERATED ALWAYS AS (json_get_json(value, 'm')) STORED)
                        WITH (connector = 'stream', format = 'raw_string');
                        SELECT avg(idle) AS idle FROM (
                          SELECT avg(value) AS idle, cpu, hop(interval '5 seconds', interval '60 seconds') AS window
                          FROM (SELECT extract_json_string(parsed, '$.labels.cpu') AS cpu,
                                  extract_json_string(parsed, '$.labels.mode') AS mode,
                                  CAST(extract_json_string(parsed, '$.value') AS FLOAT) AS value
                                FROM metrics WHERE extract_json_string(parsed, '$.name') = 'node_cpu_seconds_total')
                          WHERE mode = 'idle'
                          GROUP BY cpu, window)
                        GROUP BY window;
                        """),
                plans("release_post_json", """
                        CREATE TABLE events (value JSON) WITH (connector = 'stream', format = 'json', type = 'source');
                        SELECT json_get_str(value, 'user', 'name') AS name, value->'user'->'name' AS name2,
                          json_contains(value, 'id') AS has_id
                        FROM events;
                        """),
                fails("select_from_sink", "cannot be read", CARS + CARS_OUT + """
                        INSERT INTO cars_out SELECT * FROM cars_out;
                        """),
                plans("struct_ddl", """
                        CREATE TABLE users (id TEXT, t STRUCT<a INT, x STRUCT<b TEXT>>)
                        WITH (connector = 'stream', format = 'json', type = 'source');
                        SELECT id, t.a, t.x.b FROM users;
                        """),
                plans("subscript_in_virtual", """
                        CREATE TABLE input (length JSON,
                          diff TEXT GENERATED ALWAYS AS (extract_json(length, '$.old')[1]) STORED)
                        WITH (connector = 'stream', format = 'json');
                        SELECT * FROM input;
                        """),
                plans("test_merge_sink", CARS + CARS_OUT + """
                        INSERT INTO cars_out SELECT * FROM cars WHERE driver_id = 100 AND event_type = 'pickup';
                        INSERT INTO cars_out SELECT * FROM cars WHERE driver_id = 101 AND event_type = 'dropoff';
                        """),
                plans("test_no_aggregates_in_window", NEXMARK + """
                        WITH bids AS (
                          SELECT bid.auction AS auction, bid.price AS price, bid.bidder AS bidder FROM nexmark
                          WHERE bid IS NOT NULL)
                        SELECT * FROM (
                          SELECT bidder, count(DISTINCT auction) AS distinct_auctions FROM bids b1
                          GROUP BY bidder, hop(INTERVAL '3' second, INTERVAL '10' minute))
                        WHERE distinct_auctions > 2;
                        """),
                plans("tvf_hop", """
                        CREATE TABLE logs (ip TEXT, user_id TEXT, ts TIMESTAMP, request TEXT, size INT)
                        WITH (connector = 'stream', format = 'json', event_time_field = 'ts');
                        SELECT count(*), sum(size) FROM HOP(TABLE logs, DESCRIPTOR(ts), INTERVAL '5' MINUTE,
                          INTERVAL '10' MINUTE);
                        """),
                plans("unnest", """
                        CREATE TABLE events (a TEXT[]) WITH (connector = 'stream', format = 'json');
                        CREATE VIEW names AS (SELECT unnest(a) ->> 'name' AS name FROM events);
                        SELECT name FROM names GROUP BY name, tumble(interval '1 second');
                        """),
                plans("updating_aggregate", BIDS_FILE + "SELECT count(*) AS counts, bidder FROM bids GROUP BY 2;"),
                fails("updating_filter_join", "equ", CARS + """
                        CREATE TABLE passengers (ts TIMESTAMP, passenger_id BIGINT)
                        WITH (connector = 'single_file', path = '/data/passengers.json', format = 'json',
                          type = 'source', event_time_field = 'ts');
                        SELECT passenger_id, driver_id FROM passengers JOIN cars ON passenger_id < driver_id;
                        """),
                fails("virtual_bad_schema", "notfield", """
                        CREATE TABLE input (length JSON, diff INT GENERATED ALWAYS AS (notfield) STORED)
                        WITH (connector = 'stream', format = 'json');
                        SELECT * FROM input;
                        """),
                plans("wallclock_function", IMPULSE + "SELECT wallclock() AS ingest_time, counter FROM impulse;"),
                plans("watermarks", """
                        CREATE TABLE orders (customer_id INT, order_id INT, date_string TEXT,
                          ts TIMESTAMP GENERATED ALWAYS AS (CAST(date_string AS TIMESTAMP)),
                          WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
                        WITH (connector = 'stream', format = 'json', type = 'source', topic = 'orders');
                        CREATE TABLE users (customer_id INT, ts TIMESTAMP, WATERMARK FOR ts)
                        WITH (connector = 'stream', format = 'json', type = 'source', topic = 'users');
                        SELECT * FROM orders;
                        """),
                plans("window_partition_by_column", NEXMARK + """
                        SELECT * FROM (
                          SELECT *, row_number() OVER (PARTITION BY window, auction ORDER BY count DESC) AS row_num
                          FROM (SELECT count(*) AS count, bid.auction AS auction,
                                  hop(interval '2 seconds', interval '60 seconds') AS window
                                FROM nexmark WHERE bid IS NOT NULL GROUP BY 2, window)) WHERE row_num <= 5;
                        """),
                plans("window_with_expression", IMPULSE + """
                        SELECT *, row_number() OVER (PARTITION BY 2 * counter, window) AS row_number
                        FROM (SELECT count(*) AS count, counter, hop(interval '2 seconds', interval '60 seconds') AS window
                              FROM impulse GROUP BY 2, window);
                        """),
                plans("windowed_inner_join", CARS + """
                        CREATE TABLE hourly (hour TIMESTAMP, drivers BIGINT, pickups BIGINT)
                        WITH (connector = 'single_file', path = '/data/hourly.json', format = 'json', type = 'sink');
                        INSERT INTO hourly
                        SELECT window.start AS hour, dropoff_drivers, pickup_drivers FROM (
                          SELECT dropoffs.window AS window, dropoff_drivers, pickup_drivers
                          FROM (SELECT tumble(INTERVAL '1' hour) AS window, count(DISTINCT driver_id) AS dropoff_drivers
                                FROM cars WHERE event_type = 'dropoff' GROUP BY 1) dropoffs
                          INNER JOIN (SELECT tumble(INTERVAL '1' hour) AS window,
                                        count(DISTINCT driver_id) AS pickup_drivers
                                      FROM cars WHERE event_type = 'pickup' GROUP BY 1) pickups
                          ON dropoffs.window = pickups.window);
                        """))
                .map(c -> Arguments.of(c.arroyoFile(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plansOrFailsAsArroyo(String file, Case c) {
        PlanResult result = PLANNER.plan(c.sql(), 2);
        if (c.error() == null) {
            assertTrue(result.ok(), () -> file + ": expected a plan, got " + result.errors());
            // every plan survives the trip to a worker
            PlanCodec.fromJson(PlanCodec.toJson(result.plan()));
        } else {
            assertFalse(result.ok(), () -> file + ": expected an error containing '" + c.error() + "', got a plan");
            String message = result.errors().get(0).message();
            assertTrue(message.contains(c.error()), () -> file + ": expected an error containing '" + c.error()
                    + "', got: " + message);
        }
    }

    static final String LOGS = """
            CREATE TABLE logs (ip TEXT, user_id TEXT, ts TIMESTAMP, request TEXT, size INT)
            WITH (connector = 'stream', format = 'json', event_time_field = 'ts');
            """;

    /** Window table functions in FROM: Arroyo's bare form, Calcite's, TUMBLE, and what they refuse. */
    @org.junit.jupiter.api.Test
    void windowTableFunctionsAreAggregatesPerWindow() {
        for (String from : List.of("HOP(logs, ts, INTERVAL '5 MINUTES', INTERVAL '10 MINUTES')",
                "HOP(TABLE logs, DESCRIPTOR(ts), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE) AS l",
                "TUMBLE(TABLE logs, DESCRIPTOR(_timestamp), INTERVAL '1' MINUTE)")) {
            PlanResult r = PLANNER.plan(LOGS + "SELECT user_id, count(*), sum(size) FROM " + from
                    + " GROUP BY user_id;", 2);
            assertTrue(r.ok(), () -> from + ": " + r.errors());
            String window = from.startsWith("HOP") ? "hop window aggregate" : "tumble window aggregate";
            assertTrue(r.plan().nodes().stream().anyMatch(n -> n.description().startsWith(window)),
                    () -> from + ": " + r.plan().nodes());
        }
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("SELECT count(*) FROM HOP(TABLE logs, DESCRIPTOR(ip), INTERVAL '5' SECOND, INTERVAL '10' SECOND);",
                "windows follow the event time: 'ip' is not the event time of table 'logs' ('ts'); declare it with "
                        + "event_time_field = 'ip' or WATERMARK FOR ip, or use _timestamp");
        refused.put("SELECT * FROM TUMBLE(TABLE logs, DESCRIPTOR(ts), INTERVAL '5' SECOND);",
                "TUMBLE in FROM is supported for aggregates over its windows");
        refused.put("SELECT window_start, count(*) FROM TUMBLE(TABLE logs, DESCRIPTOR(ts), INTERVAL '5' SECOND) "
                + "GROUP BY window_start;", "window_start of TUMBLE in FROM is not supported: group by tumble(…) AS "
                        + "window and select window.start and window.end");
        refused.put("SELECT count(*) FROM TUMBLE(TABLE logs, DESCRIPTOR(ts));",
                "TUMBLE in FROM takes (TABLE t, DESCRIPTOR(time), size), not 2 arguments");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            PlanResult r = PLANNER.plan(LOGS + e.getKey(), 2);
            assertFalse(r.ok(), e.getKey());
            assertTrue(r.errors().get(0).message().contains(e.getValue()), () -> e.getKey() + ": " + r.errors());
        }
    }

    /** Every Arroyo planner test query has its case here. */
    @org.junit.jupiter.api.Test
    void coversEveryArroyoQuery() {
        List<String> names = cases().map(a -> (String) a.get()[0]).toList();
        assertTrue(names.size() == 62 && Set.copyOf(names).size() == 62, () -> names.size() + " cases: " + names);
    }
}
