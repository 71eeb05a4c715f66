package org.wadi.connector.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.wadi.formats.JsonFormat;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.LookupSource;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.types.Schema;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@code redis} connector, with Arroyo's options: a sink ({@code type = 'sink'}) writing each
 * row as JSON to a string, list or hash target, and lookup tables ({@code type = 'lookup'}) read by
 * key for lookup joins. One server ({@code address}) or a cluster ({@code connection_type =
 * 'cluster'}, {@code cluster.addresses}); {@code username} and {@code password} for ACLs.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + RedisConnector.NAME)
public final class RedisConnector implements Connector {

    static final String NAME = "redis";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Redis", "",
            "Write results to Redis strings, lists or hashes, and join streams with Redis lookup tables", false, true,
            true, true, true, false, null, resource("table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        Map<String, String> normalized = new LinkedHashMap<>();
        RedisConfig config = RedisConfig.read(options, request.name(), normalized);
        JsonFormat format = JsonFormat.fromOptions(options, true).orElseThrow();
        if (format.debezium()) {
            throw new ConnectorException("Unsupported format 'debezium_json' for connector 'redis'. Supported formats: json");
        }
        options.checkAllKnown();
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException("redis table '" + request.name() + "' needs its columns declared: CREATE TABLE "
                    + request.name() + " (col TYPE, …) WITH (…)");
        }
        for (String column : new String[] {config.keyColumn(), config.fieldColumn()}) {
            if (column != null && columns.indexOf(column) < 0) {
                throw new ConnectorException("redis table '" + request.name() + "' has no column '" + column
                        + "' (named by option '" + (column.equals(config.keyColumn()) ? RedisConfig.KEY_COLUMN
                                : RedisConfig.FIELD_COLUMN) + "'); its columns: "
                        + String.join(", ", columns.fields().stream().map(f -> f.name()).toList()));
            }
        }
        config.putInto(normalized);
        format.putInto(normalized);
        boolean lookup = config.type().equals("lookup");
        return new ConnectorTable(request.name(), NAME, normalized, columns,
                Set.of(lookup ? TableRole.LOOKUP : TableRole.SINK), false);
    }

    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        // only the connection options matter here; the table's others are checked when it is created
        Map<String, String> all = new LinkedHashMap<>();
        for (Map<String, String> m : List.of(profile, table)) {
            m.forEach((k, v) -> {
                if (RedisConfig.CONNECTION_KEYS.contains(k)) {
                    all.put(k, v);
                }
            });
        }
        all.put(RedisConfig.TYPE, "lookup");
        RedisConfig config;
        try {
            Options options = new Options(NAME, all);
            config = RedisConfig.read(options, "test", new LinkedHashMap<>());
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        }
        try (UnifiedJedis client = RedisClients.open(config)) {
            String pong = client.ping();
            return new TestResult(true, "connected to " + config.addresses() + ": " + pong);
        } catch (RuntimeException e) {
            return new TestResult(false, "could not reach redis at " + config.addresses() + ": " + e.getMessage());
        }
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        RedisConfig config = RedisConfig.of(table.options());
        if (!config.type().equals("sink")) {
            throw new ConnectorException("redis table '" + table.name() + "' is a lookup table; it cannot be written");
        }
        return new RedisSink(table.name(), config, table.schema(), JsonFormat.fromTableOptions(table.options()));
    }

    @Override
    public LookupSource createLookup(ConnectorTable table) throws ConnectorException {
        RedisConfig config = RedisConfig.of(table.options());
        if (!config.type().equals("lookup")) {
            throw new ConnectorException("redis table '" + table.name() + "' is a sink (type = 'sink'); declare it with"
                    + " type = 'lookup' to join with it");
        }
        return new RedisLookup(table.name(), config, table.schema());
    }

    private static String resource(String name) {
        try (InputStream in = RedisConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the redis bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
