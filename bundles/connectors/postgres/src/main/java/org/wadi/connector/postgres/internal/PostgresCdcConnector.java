package org.wadi.connector.postgres.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.types.Schema;

/**
 * The {@code postgres_cdc} connector: a PostgreSQL table's rows and then its changes, read from a
 * logical replication slot, as an updating table ({@link PostgresCdcSource}). Options as Flink
 * CDC's {@code postgres-cdc} ({@link CdcConfig}); the table's columns are declared in SQL and
 * must exist in the PostgreSQL table.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + PostgresCdcConnector.NAME)
public final class PostgresCdcConnector implements Connector {

    static final String NAME = "postgres_cdc";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "PostgreSQL CDC", "",
            "Read a PostgreSQL table's rows and then its inserts, updates and deletes through logical replication",
            true, false, false, true, true, false, null, Resources.text("cdc-table.json"));

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        String type = options.choice("type", "source", "source");
        CdcConfig config = CdcConfig.read(options);
        options.checkAllKnown();
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() == 0) {
            throw new ConnectorException("postgres_cdc table '" + request.name() + "' needs its columns declared:"
                    + " CREATE TABLE " + request.name() + " (id BIGINT PRIMARY KEY, …) WITH (…)");
        }
        if (!request.metadata().isEmpty()) {
            throw new ConnectorException("postgres_cdc table '" + request.name() + "' has no metadata columns");
        }
        for (String k : request.primaryKey()) {
            if (columns.indexOf(k) < 0) {
                throw new ConnectorException("postgres_cdc table '" + request.name() + "': its PRIMARY KEY column '"
                        + k + "' is not declared");
            }
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        normalized.put("type", type);
        config.putInto(normalized);
        return new ConnectorTable(request.name(), NAME, normalized, columns, Set.of(TableRole.SOURCE), false);
    }

    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        Map<String, String> all = new LinkedHashMap<>(profile);
        all.putAll(table);
        all.putIfAbsent(CdcConfig.TABLE, "test");
        all.putIfAbsent(CdcConfig.SLOT_NAME, "test");
        CdcConfig config;
        try {
            config = CdcConfig.read(new Options(NAME, all));
        } catch (ConnectorException e) {
            return new TestResult(false, e.getMessage());
        }
        try (Connection c = PgConnections.open(config.url(), config.username(), config.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW wal_level")) {
            rs.next();
            String level = rs.getString(1);
            return level.equals("logical")
                    ? new TestResult(true, "connected to " + PgConnections.redact(config.url())
                            + " (wal_level = logical)")
                    : new TestResult(false, "connected to " + PgConnections.redact(config.url()) + ", but its"
                            + " wal_level is '" + level + "'; logical replication needs wal_level = logical");
        } catch (Exception e) {
            return new TestResult(false, "could not connect to " + PgConnections.redact(config.url()) + ": "
                    + e.getMessage());
        }
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        return new PostgresCdcSource(table.name(), CdcConfig.of(without(table.options(), List.of("type"))),
                table.schema());
    }

    static Map<String, String> without(Map<String, String> options, List<String> keys) {
        Map<String, String> copy = new LinkedHashMap<>(options);
        keys.forEach(copy::remove);
        return copy;
    }
}
