package org.wadi.connector.postgres.internal;

import java.sql.Connection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
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

/**
 * The {@code jdbc} connector, on PostgreSQL: a sink ({@code type = 'sink'}, the default) that
 * appends append-only rows and upserts updating ones by primary key, exactly once when asked
 * ({@link JdbcSink}), and lookup tables ({@code type = 'lookup'}, what {@code CREATE TEMPORARY
 * TABLE} makes) served by primary key ({@link JdbcLookup}). Options as Flink's JDBC connector
 * ({@link JdbcConfig}).
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + JdbcConnector.NAME)
public final class JdbcConnector implements Connector {

    static final String NAME = "jdbc";
    /** Where the resolved table keeps the declared PRIMARY KEY for the workers (comma-separated). */
    static final String PRIMARY_KEY = "primary_key";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "JDBC (PostgreSQL)", "",
            "Write results into PostgreSQL tables (upserting updating results, exactly once if asked) and join"
                    + " streams with PostgreSQL lookup tables",
            false, true, true, true, true, false, null, Resources.text("jdbc-table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        Map<String, String> normalized = new LinkedHashMap<>();
        JdbcConfig config = JdbcConfig.read(options, normalized);
        options.checkAllKnown();
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException("jdbc table '" + request.name() + "' needs its columns declared: CREATE TABLE "
                    + request.name() + " (col TYPE, …) WITH (…)");
        }
        for (String k : request.primaryKey()) {
            if (columns.indexOf(k) < 0) {
                throw new ConnectorException("jdbc table '" + request.name() + "': its PRIMARY KEY column '" + k
                        + "' is not declared");
            }
        }
        boolean lookup = config.type().equals("lookup");
        if (lookup && request.primaryKey().size() > 1) {
            throw new ConnectorException("jdbc lookup table '" + request.name() + "' is looked up by one key column;"
                    + " its PRIMARY KEY has " + request.primaryKey().size() + ": " + request.primaryKey());
        }
        config.putInto(normalized);
        if (!request.primaryKey().isEmpty()) {
            normalized.put(PRIMARY_KEY, String.join(",", request.primaryKey()));
        }
        return new ConnectorTable(request.name(), NAME, normalized, columns,
                Set.of(lookup ? TableRole.LOOKUP : TableRole.SINK), false);
    }

    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        Map<String, String> all = new LinkedHashMap<>();
        for (Map<String, String> m : List.of(profile, table)) {
            m.forEach((k, v) -> {
                if (List.of(JdbcConfig.URL, JdbcConfig.USERNAME, JdbcConfig.PASSWORD, JdbcConfig.TABLE).contains(k)) {
                    all.put(k, v);
                }
            });
        }
        all.putIfAbsent(JdbcConfig.TABLE, "test");
        JdbcConfig config;
        try {
            config = JdbcConfig.read(new Options(NAME, all), new LinkedHashMap<>());
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        }
        try (Connection c = PgConnections.open(config.url(), config.username(), config.password())) {
            return new TestResult(true, "connected to " + PgConnections.redact(config.url()) + ": "
                    + c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion());
        } catch (Exception e) {
            return new TestResult(false, "could not connect to " + PgConnections.redact(config.url()) + ": "
                    + e.getMessage());
        }
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        JdbcConfig config = JdbcConfig.of(PostgresCdcConnector.without(table.options(), List.of(PRIMARY_KEY)));
        if (!config.type().equals("sink")) {
            throw new ConnectorException("jdbc table '" + table.name() + "' is a lookup table; it cannot be written");
        }
        return new JdbcSink(table.name(), config, table.schema(), key(table));
    }

    @Override
    public LookupSource createLookup(ConnectorTable table) throws ConnectorException {
        JdbcConfig config = JdbcConfig.of(PostgresCdcConnector.without(table.options(), List.of(PRIMARY_KEY)));
        if (!config.type().equals("lookup")) {
            throw new ConnectorException("jdbc table '" + table.name() + "' is a sink (type = 'sink'); declare it with"
                    + " type = 'lookup' (CREATE TEMPORARY TABLE) to join with it");
        }
        List<String> key = key(table);
        if (key.size() != 1) {
            throw new ConnectorException("jdbc lookup table '" + table.name() + "' needs a PRIMARY KEY of one column");
        }
        return new JdbcLookup(table.name(), config, table.schema(), key.get(0));
    }

    private static List<String> key(ConnectorTable table) {
        String k = table.option(PRIMARY_KEY);
        return k == null || k.isEmpty() ? List.of() : Arrays.asList(k.split(","));
    }
}
