package org.wadi.connector.postgres.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * Writes rows into a PostgreSQL table. Append-only rows are {@code INSERT}ed; updating rows
 * ({@code _op}) are upserted by the table's primary key ({@code INSERT … ON CONFLICT (key) DO
 * UPDATE}) or deleted. Rows wait in a buffer of {@code sink.batch_size}; in an updating buffer
 * only the last change per key is kept, and the buffer is written as JDBC batches.
 *
 * <p>With {@code sink.commit_mode = 'at_least_once'} each batch is committed when it is written,
 * and the rest at the checkpoint's first phase. With {@code exactly_once} each checkpoint's rows
 * are one transaction, prepared there
 * ({@code PREPARE TRANSACTION 'wadi_<job>_<operator>_<subtask>_<epoch>'}: durable, invisible,
 * holding its locks) and committed when the checkpoint is recorded ({@code COMMIT PREPARED}); the
 * checkpoint holds the names of every prepared and not yet committed transaction, so a restored
 * job commits them again (a name already committed is gone, which counts as done) and rolls back
 * this subtask's other prepared transactions, which belong to checkpoints never recorded. That
 * needs {@code max_prepared_transactions > 0} on the server.
 */
final class JdbcSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSink.class);
    private static final Object DELETE = new Object();

    private final String name;
    private final JdbcConfig config;
    private final Schema schema;
    private final List<String> declaredKey;
    private final int width;

    private boolean updating;
    private Connection connection;
    /** Autocommit, for COMMIT PREPARED and ROLLBACK PREPARED, which run outside transactions. */
    private Connection control;
    private String gidPrefix;
    private int[] key;
    private PreparedStatement insert;
    private PreparedStatement delete;
    private final List<Object[]> appends = new ArrayList<>();
    private final Map<List<Object>, Object> changes = new LinkedHashMap<>();
    /** The key of an UPDATE_BEFORE waiting for its UPDATE_AFTER. */
    private List<Object> before;
    private boolean dirty;
    /** Prepared and not yet committed, by epoch. */
    private final TreeMap<Long, String> prepared = new TreeMap<>();

    JdbcSink(String name, JdbcConfig config, Schema schema, List<String> declaredKey) {
        this.name = name;
        this.config = config;
        this.schema = schema;
        this.declaredKey = declaredKey;
        this.width = schema.size();
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws Exception {
        updating = context.updating();
        for (var f : schema.fields()) {
            if (f.type().id() == TypeId.STRUCT) {
                throw new ConnectorException("jdbc table '" + name + "': column '" + f.name() + "' is a STRUCT, which"
                        + " the jdbc sink cannot write; select its fields as columns");
            }
        }
        connection = PgConnections.open(config.url(), config.username(), config.password());
        connection.setAutoCommit(false);
        List<String> keyColumns = declaredKey.isEmpty() ? primaryKey() : declaredKey;
        if (updating && keyColumns.isEmpty()) {
            throw new ConnectorException("jdbc table '" + name + "' receives updating results, which are written by"
                    + " primary key, but " + config.qualifiedTable() + " has none; declare one (ALTER TABLE … ADD"
                    + " PRIMARY KEY) or write append-only results");
        }
        key = new int[keyColumns.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = schema.indexOf(keyColumns.get(i));
            if (key[i] < 0) {
                throw new ConnectorException("jdbc table '" + name + "': its key column '" + keyColumns.get(i)
                        + "' is not among the columns written: " + columnNames());
            }
        }
        prepareStatements(keyColumns);
        if (config.exactlyOnce()) {
            control = PgConnections.open(config.url(), config.username(), config.password());
            checkPreparedTransactions();
            gidPrefix = "wadi_" + context.task().jobId() + "_" + context.task().operatorId() + "_"
                    + context.task().subtaskIndex() + "_";
            recover(restoredState);
        }
    }

    private List<String> columnNames() {
        return schema.fields().stream().map(f -> f.name()).toList();
    }

    private List<String> primaryKey() throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schemaName = config.schema();
        if (schemaName == null) {
            // the schema an unqualified name resolves to first
            String regclass = "'" + PgConnections.quote(config.table()).replace("'", "''") + "'";
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT n.nspname"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.oid = to_regclass(" + regclass + ")")) {
                schemaName = rs.next() ? rs.getString(1) : null;
            }
        }
        TreeMap<Short, String> columns = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(null, schemaName, config.table())) {
            while (rs.next()) {
                columns.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        connection.commit();
        return List.copyOf(columns.values());
    }

    private void prepareStatements(List<String> keyColumns) throws SQLException {
        List<String> quoted = new ArrayList<>();
        for (var f : schema.fields()) {
            quoted.add(PgConnections.quote(f.name()));
        }
        String into = "INSERT INTO " + config.qualifiedTable() + " (" + String.join(", ", quoted) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(width, "?")) + ")";
        if (updating) {
            List<String> set = new ArrayList<>();
            List<String> where = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                if (!keyColumns.contains(schema.field(c).name())) {
                    set.add(quoted.get(c) + " = EXCLUDED." + quoted.get(c));
                }
            }
            for (String k : keyColumns) {
                where.add(PgConnections.quote(k) + " = ?");
            }
            into += " ON CONFLICT (" + String.join(", ", keyColumns.stream().map(PgConnections::quote).toList())
                    + ") DO " + (set.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", set));
            delete = connection.prepareStatement("DELETE FROM " + config.qualifiedTable() + " WHERE "
                    + String.join(" AND ", where));
        }
        insert = connection.prepareStatement(into);
    }

    private void checkPreparedTransactions() throws SQLException, ConnectorException {
        try (Statement s = control.createStatement(); ResultSet rs = s.executeQuery("SHOW max_prepared_transactions")) {
            rs.next();
            if (rs.getInt(1) <= 0) {
                throw new ConnectorException("jdbc table '" + name + "' has sink.commit_mode = 'exactly_once', which"
                        + " prepares a transaction per checkpoint, but the server has max_prepared_transactions = 0;"
                        + " raise it (at least the sink's parallelism times 2) or use 'at_least_once'");
            }
        }
    }

    /** Commits what the restored checkpoint prepared; rolls back this subtask's other prepared transactions. */
    private void recover(byte[] restoredState) throws SQLException {
        Set<String> restored = new LinkedHashSet<>(restoredState == null ? List.of() : gids(restoredState));
        Set<String> prefixes = new LinkedHashSet<>(List.of(gidPrefix));
        for (String gid : restored) {
            prefixes.add(gid.substring(0, gid.lastIndexOf('_') + 1));
            commitPrepared(gid);
        }
        for (String prefix : prefixes) {
            List<String> orphans = new ArrayList<>();
            try (PreparedStatement ps = control.prepareStatement("SELECT gid FROM pg_prepared_xacts"
                    + " WHERE gid LIKE ? AND database = current_database()")) {
                ps.setString(1, prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        orphans.add(rs.getString(1));
                    }
                }
            }
            for (String gid : orphans) {
                if (!restored.contains(gid)) {
                    try (Statement s = control.createStatement()) {
                        s.execute("ROLLBACK PREPARED '" + gid.replace("'", "''") + "'");
                    }
                    LOG.info("jdbc table '{}': rolled back {}, prepared for a checkpoint that was not recorded", name,
                            gid);
                }
            }
        }
    }

    private void commitPrepared(String gid) throws SQLException {
        try (Statement s = control.createStatement()) {
            s.execute("COMMIT PREPARED '" + gid.replace("'", "''") + "'");
        } catch (SQLException e) {
            if (!"42704".equals(e.getSQLState())) {
                throw e;
            }
            // no such prepared transaction: committed before
        }
    }

    @Override
    public void write(Object[] row) throws Exception {
        if (!updating) {
            appends.add(row);
            if (appends.size() >= config.batchSize()) {
                flush();
            }
            return;
        }
        int kind = (Integer) row[width];
        List<Object> k = keyOf(row);
        switch (kind) {
            case RowKind.UPDATE_BEFORE -> before = k;
            case RowKind.DELETE -> changes.put(k, DELETE);
            default -> {
                if (before != null && !before.equals(k)) {
                    // the update moved the row to another key: the old one goes
                    changes.put(before, DELETE);
                }
                changes.remove(k); // keep the order of the last change
                changes.put(k, row);
                before = null;
            }
        }
        if (changes.size() >= config.batchSize()) {
            flush();
        }
    }

    private List<Object> keyOf(Object[] row) {
        Object[] k = new Object[key.length];
        for (int i = 0; i < key.length; i++) {
            k[i] = row[key[i]] instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : row[key[i]];
        }
        return Arrays.asList(k);
    }

    private void flush() throws SQLException {
        if (!appends.isEmpty()) {
            for (Object[] row : appends) {
                bindRow(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
            appends.clear();
            dirty = true;
        }
        if (!changes.isEmpty()) {
            boolean deletes = false;
            boolean upserts = false;
            for (Map.Entry<List<Object>, Object> e : changes.entrySet()) {
                if (e.getValue() == DELETE) {
                    List<Object> k = e.getKey();
                    for (int i = 0; i < key.length; i++) {
                        bind(delete, i + 1, keyValue(k.get(i), i), schema.field(key[i]).type());
                    }
                    delete.addBatch();
                    deletes = true;
                } else {
                    bindRow(insert, (Object[]) e.getValue());
                    insert.addBatch();
                    upserts = true;
                }
            }
            // each key appears once, so deletes and upserts do not depend on each other's order
            if (deletes) {
                delete.executeBatch();
            }
            if (upserts) {
                insert.executeBatch();
            }
            changes.clear();
            dirty = true;
        }
        if (dirty && !config.exactlyOnce()) {
            // at least once: every full batch is committed at once, the rest at the checkpoint
            connection.commit();
            dirty = false;
        }
    }

    private Object keyValue(Object k, int i) {
        return k instanceof String s && schema.field(key[i]).type().id() == TypeId.BINARY
                ? s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1) : k;
    }

    private void bindRow(PreparedStatement ps, Object[] row) throws SQLException {
        for (int c = 0; c < width; c++) {
            bind(ps, c + 1, row[c], schema.field(c).type());
        }
    }

    private void bind(PreparedStatement ps, int index, Object v, DataType type) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.NULL);
            return;
        }
        switch (type.id()) {
            case UTF8, JSON -> ps.setObject(index, v, Types.OTHER); // the server infers text, json, jsonb, enums
            case DECIMAL -> ps.setBigDecimal(index, (BigDecimal) v);
            case BINARY -> ps.setBytes(index, (byte[]) v);
            case TIMESTAMP -> ps.setObject(index, timestamp((Long) v));
            case DATE -> ps.setObject(index, LocalDate.ofEpochDay(((Number) v).longValue()));
            case TIME -> ps.setObject(index, LocalTime.ofNanoOfDay((Long) v));
            case INTERVAL -> ps.setObject(index, ((Long) v / 1000) + " microseconds", Types.OTHER);
            case LIST -> ps.setArray(index, connection.createArrayOf(arrayType(type.element()),
                    ((List<?>) v).stream().map(e -> e instanceof Long t && type.element().id() == TypeId.TIMESTAMP
                            ? timestamp(t) : e).toArray()));
            default -> ps.setObject(index, v);
        }
    }

    private static OffsetDateTime timestamp(long nanos) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L)), ZoneOffset.UTC);
    }

    /** The PostgreSQL element type of an array parameter. */
    static String arrayType(DataType element) {
        return switch (element.id()) {
            case BOOLEAN -> "bool";
            case INT8, INT16, UINT8 -> "int2";
            case INT32, UINT16 -> "int4";
            case INT64, UINT32, UINT64 -> "int8";
            case FLOAT32 -> "float4";
            case FLOAT64 -> "float8";
            case DECIMAL -> "numeric";
            case BINARY -> "bytea";
            case TIMESTAMP -> "timestamptz";
            case JSON -> "jsonb";
            default -> "text";
        };
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        flush();
        if (!config.exactlyOnce()) {
            if (dirty) {
                connection.commit();
                dirty = false;
            }
            return null;
        }
        if (dirty) {
            String gid = gidPrefix + epoch;
            try (Statement s = connection.createStatement()) {
                s.execute("PREPARE TRANSACTION '" + gid.replace("'", "''") + "'");
            }
            prepared.put(epoch, gid);
            dirty = false;
        }
        return prepared.isEmpty() ? null : bytes(prepared.values());
    }

    @Override
    public void commit(long epoch, byte[] preCommitted) throws Exception {
        if (preCommitted == null) {
            return;
        }
        for (String gid : gids(preCommitted)) {
            commitPrepared(gid);
            prepared.values().remove(gid);
        }
    }

    @Override
    public void finish() throws Exception {
        flush();
        if (dirty) {
            connection.commit();
            dirty = false;
        }
        for (String gid : List.copyOf(prepared.values())) {
            commitPrepared(gid);
        }
        prepared.clear();
    }

    @Override
    public void close() throws Exception {
        for (Connection c : new Connection[] {connection, control}) {
            if (c != null) {
                try {
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                } catch (SQLException e) {
                    // closing anyway
                }
                c.close();
            }
        }
    }

    private static byte[] bytes(Iterable<String> gids) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            List<String> all = new ArrayList<>();
            gids.forEach(all::add);
            out.writeInt(all.size());
            for (String g : all) {
                out.writeUTF(g);
            }
        }
        return bytes.toByteArray();
    }

    private static List<String> gids(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int n = in.readInt();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(in.readUTF());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("jdbc sink checkpoint state is damaged: " + e.getMessage(), e);
        }
    }
}
