package org.wadi.connector.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.LookupContext;
import org.wadi.spi.connector.LookupSource;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * Serves a jdbc lookup table: each batch of keys is one query, {@code SELECT columns FROM table
 * WHERE key = ANY(?)}, with the keys as one array parameter; a key without a row is no row. The
 * values are read in their text form and decoded as the CDC source decodes them ({@link PgText}).
 */
final class JdbcLookup implements LookupSource {

    private final String name;
    private final JdbcConfig config;
    private final Schema schema;
    private final int keyColumn;
    private Connection connection;
    private PreparedStatement select;

    JdbcLookup(String name, JdbcConfig config, Schema schema, String key) throws ConnectorException {
        this.name = name;
        this.config = config;
        this.schema = schema;
        this.keyColumn = schema.indexOf(key);
        if (keyColumn < 0) {
            throw new ConnectorException("jdbc lookup table '" + name + "' has no column '" + key + "'");
        }
        TypeId id = schema.field(keyColumn).type().id();
        if (id == TypeId.LIST || id == TypeId.STRUCT) {
            throw new ConnectorException("jdbc lookup table '" + name + "': its key '" + key + "' must be a plain"
                    + " value, not " + schema.field(keyColumn).type());
        }
    }

    @Override
    public void open(LookupContext context) throws Exception {
        connection = PgConnections.open(config.url(), config.username(), config.password());
        List<String> columns = new ArrayList<>();
        for (var f : schema.fields()) {
            columns.add(PgConnections.quote(f.name()));
        }
        select = connection.prepareStatement("SELECT " + String.join(", ", columns) + " FROM "
                + config.qualifiedTable() + " WHERE " + columns.get(keyColumn) + " = ANY(?)");
    }

    @Override
    public Object[][] lookup(Object[][] keys, int count) throws Exception {
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            if (keys[i].length != 1) {
                throw new ConnectorException("jdbc lookup table '" + name + "' is looked up by one key column, not "
                        + keys[i].length);
            }
            values[i] = keys[i][0];
        }
        Map<Object, Object[]> found = new HashMap<>();
        try {
            select.setArray(1, connection.createArrayOf(JdbcSink.arrayType(schema.field(keyColumn).type()), values));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[schema.size()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = PgText.decode(rs.getString(c + 1), schema.field(c).type(),
                                "column '" + schema.field(c).name() + "' of " + config.qualifiedTable());
                    }
                    found.put(row[keyColumn], row);
                }
            }
        } catch (SQLException e) {
            throw new ConnectorException("Reading jdbc lookup table '" + name + "' (" + config.qualifiedTable()
                    + ") failed: " + e.getMessage(), e);
        }
        Object[][] rows = new Object[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = found.get(values[i]);
        }
        return rows;
    }

    @Override
    public void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }
}
