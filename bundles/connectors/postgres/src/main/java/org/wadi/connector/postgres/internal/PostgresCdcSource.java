package org.wadi.connector.postgres.internal;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;

/**
 * Reads one PostgreSQL table's changes from a logical replication slot ({@code pgoutput}), as an
 * updating table: rows carry {@code _op} ({@link RowKind}) before {@code _timestamp}.
 *
 * <p>On a fresh start with {@code snapshot.mode = 'initial'} the slot is (re)created with an
 * exported snapshot, the existing rows are read in a REPEATABLE READ transaction on that snapshot
 * (as inserts, stamped with the time they are read), and the stream then starts at the slot's
 * consistent point: no change is missed or seen twice. Stream rows are stamped with their
 * transaction's commit time. An update is an {@code UPDATE_BEFORE} with the old values and an
 * {@code UPDATE_AFTER} with the new; a delete carries the old values. The table must have
 * {@code REPLICA IDENTITY FULL}, so that old values come whole.
 *
 * <p>The position ({@link CdcPosition}) is the checkpoint state. The slot's confirmed flush LSN
 * (how far PostgreSQL may discard WAL) is advanced only to a position that a recorded checkpoint
 * holds: the runtime calls {@link #commit} once the controller has recorded a checkpoint, and
 * that confirms the checkpoint's position.
 * Only subtask 0 reads (a slot has one reader); the others stay idle.
 */
final class PostgresCdcSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresCdcSource.class);
    /** Most rows or messages handled per poll, so that barriers pass often. */
    static final int POLL_BATCH = 2000;

    private final String table;
    private final CdcConfig config;
    private final Schema schema;
    private final int width;
    private final Map<Integer, int[]> relations = new HashMap<>();
    /** Per recorded epoch, the LSN its position lets PostgreSQL discard up to. */
    private final TreeMap<Long, Long> confirmable = new TreeMap<>();

    private boolean reading;
    private Connection replication;
    private PGReplicationStream stream;
    private Connection snapshotConnection;
    private ResultSet snapshotRows;
    private long snapshotTime;

    private CdcPosition position;
    /** The restored position whose rows are skipped when they come again, or {@code null}. */
    private CdcPosition skip;

    // the transaction being read
    private long txnLsn;
    private long txnTime;
    private long txnRows;
    /** How many rows of the transaction were emitted before the restore (skipped now). */
    private long txnSkip;

    PostgresCdcSource(String table, CdcConfig config, Schema schema) {
        this.table = table;
        this.config = config;
        this.schema = schema;
        this.width = schema.size();
    }

    @Override
    public void open(SourceContext context) throws Exception {
        if (context.task().subtaskIndex() != 0) {
            LOG.info("postgres_cdc table '{}': subtask {} stays idle; subtask 0 reads slot {}", table,
                    context.task().subtaskIndex(), config.slotName());
            return;
        }
        reading = true;
        byte[] restored = context.restoredState();
        CdcPosition from = restored == null ? null : CdcPosition.fromBytes(restored);
        try (Connection c = PgConnections.open(config.url(), config.username(), config.password())) {
            checkTable(c);
            ensurePublication(c);
            Long confirmed = slotConfirmedFlush(c);
            replication = PgConnections.replication(config.url(), config.username(), config.password());
            if (from != null) {
                restore(from, confirmed);
            } else if (config.snapshot()) {
                if (confirmed != null) {
                    dropSlot(c);
                }
                String snapshotName = createSlot(true);
                startSnapshot(snapshotName);
            } else {
                if (confirmed == null) {
                    createSlot(false);
                } else {
                    position = new CdcPosition(config.slotName(), true, confirmed, 0, 0, true);
                }
                startStream(position.startLsn());
            }
        }
    }

    private void restore(CdcPosition from, Long confirmed) throws Exception {
        if (!from.slot().equals(config.slotName())) {
            throw new ConnectorException("postgres_cdc table '" + table + "' restores a checkpoint of slot '"
                    + from.slot() + "', but reads slot '" + config.slotName() + "' now; restart without state");
        }
        if (!from.snapshotDone()) {
            throw new ConnectorException("postgres_cdc table '" + table + "': the checkpoint was taken during the"
                    + " initial snapshot, which cannot be resumed; restart the pipeline without state");
        }
        if (confirmed == null) {
            throw new ConnectorException("postgres_cdc table '" + table + "': replication slot '" + config.slotName()
                    + "' no longer exists, so the changes since the checkpoint are gone; restart without state");
        }
        if (Long.compareUnsigned(confirmed, from.startLsn()) > 0) {
            throw new ConnectorException("postgres_cdc table '" + table + "': replication slot '" + config.slotName()
                    + "' has confirmed " + LogSequenceNumber.valueOf(confirmed) + ", beyond the checkpoint's "
                    + LogSequenceNumber.valueOf(from.startLsn()) + "; changes in between cannot be read again");
        }
        position = from;
        skip = from;
        startStream(from.startLsn());
    }

    private void checkTable(Connection c) throws SQLException, ConnectorException {
        String identity;
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relreplident, a.attname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, config.schema());
            ps.setString(2, config.table());
            try (ResultSet rs = ps.executeQuery()) {
                identity = null;
                while (rs.next()) {
                    identity = rs.getString(1);
                    columns.add(rs.getString(2));
                }
            }
        }
        String qualified = PgConnections.qualified(config.schema(), config.table());
        if (identity == null) {
            throw new ConnectorException("postgres_cdc table '" + table + "': there is no table " + qualified
                    + " in " + PgConnections.redact(config.url()));
        }
        for (var f : schema.fields()) {
            if (!columns.contains(f.name())) {
                throw new ConnectorException("postgres_cdc table '" + table + "': column '" + f.name()
                        + "' is not in " + qualified + "; its columns: " + String.join(", ", columns));
            }
        }
        if (!identity.equals("f")) {
            throw new ConnectorException("postgres_cdc table '" + table + "': " + qualified + " must send whole old"
                    + " rows with its updates and deletes: run ALTER TABLE " + qualified + " REPLICA IDENTITY FULL");
        }
    }

    private void ensurePublication(Connection c) throws SQLException, ConnectorException {
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, config.publicationName());
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        if (!exists) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE PUBLICATION " + PgConnections.quote(config.publicationName()) + " FOR TABLE "
                        + PgConnections.qualified(config.schema(), config.table())
                        + " WITH (publish = 'insert, update, delete')");
            }
            LOG.info("postgres_cdc table '{}': created publication {}", table, config.publicationName());
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication_tables WHERE pubname = ?"
                + " AND schemaname = ? AND tablename = ?")) {
            ps.setString(1, config.publicationName());
            ps.setString(2, config.schema());
            ps.setString(3, config.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConnectorException("postgres_cdc table '" + table + "': publication '"
                            + config.publicationName() + "' does not include " + config.schema() + "."
                            + config.table() + "; add it (ALTER PUBLICATION … ADD TABLE) or name another publication");
                }
            }
        }
    }

    /** The slot's confirmed flush LSN, or {@code null} when there is no such slot. */
    private Long slotConfirmedFlush(Connection c) throws SQLException, ConnectorException {
        try (PreparedStatement ps = c.prepareStatement("SELECT confirmed_flush_lsn::text, active, plugin"
                + " FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, config.slotName());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                if (rs.getBoolean(2)) {
                    throw new ConnectorException("postgres_cdc table '" + table + "': replication slot '"
                            + config.slotName() + "' is in use by another reader");
                }
                if (!"pgoutput".equals(rs.getString(3))) {
                    throw new ConnectorException("postgres_cdc table '" + table + "': replication slot '"
                            + config.slotName() + "' decodes with '" + rs.getString(3) + "', not pgoutput");
                }
                String lsn = rs.getString(1);
                return lsn == null ? 0L : LogSequenceNumber.valueOf(lsn).asLong();
            }
        }
    }

    private void dropSlot(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            ps.setString(1, config.slotName());
            ps.execute();
        }
        LOG.info("postgres_cdc table '{}': dropped slot {} to start afresh with a snapshot", table, config.slotName());
    }

    /** Creates the slot; with {@code export}, returns the exported snapshot's name. */
    private String createSlot(boolean export) throws SQLException {
        try (Statement s = replication.createStatement();
                ResultSet rs = s.executeQuery("CREATE_REPLICATION_SLOT " + PgConnections.quote(config.slotName())
                        + " LOGICAL pgoutput " + (export ? "EXPORT_SNAPSHOT" : "NOEXPORT_SNAPSHOT"))) {
            rs.next();
            long consistent = LogSequenceNumber.valueOf(rs.getString("consistent_point")).asLong();
            position = new CdcPosition(config.slotName(), !export, consistent, 0, 0, true);
            LOG.info("postgres_cdc table '{}': created slot {} at {}", table, config.slotName(),
                    rs.getString("consistent_point"));
            return rs.getString("snapshot_name");
        }
    }

    private void startSnapshot(String snapshotName) throws SQLException {
        snapshotConnection = PgConnections.open(config.url(), config.username(), config.password());
        snapshotConnection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        snapshotConnection.setAutoCommit(false);
        try (Statement s = snapshotConnection.createStatement()) {
            s.execute("SET TRANSACTION SNAPSHOT '" + snapshotName.replace("'", "''") + "'");
        }
        Statement select = snapshotConnection.createStatement();
        select.setFetchSize(POLL_BATCH);
        List<String> columns = new ArrayList<>();
        for (var f : schema.fields()) {
            columns.add(PgConnections.quote(f.name()));
        }
        snapshotRows = select.executeQuery("SELECT " + String.join(", ", columns) + " FROM "
                + PgConnections.qualified(config.schema(), config.table()));
        snapshotTime = System.currentTimeMillis() * 1_000_000L;
    }

    private void startStream(long lsn) throws SQLException {
        stream = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                .withSlotName(config.slotName())
                .withStartPosition(LogSequenceNumber.valueOf(lsn))
                .withSlotOption("proto_version", "1")
                .withSlotOption("publication_names", config.publicationName())
                .withStatusInterval(10, TimeUnit.SECONDS)
                .start();
    }

    @Override
    public SourceStatus poll(Collector out) throws Exception {
        if (!reading) {
            return SourceStatus.IDLE;
        }
        if (snapshotRows != null) {
            return pollSnapshot(out);
        }
        int handled = 0;
        boolean emitted = false;
        while (handled < POLL_BATCH) {
            ByteBuffer message = stream.readPending();
            if (message == null) {
                break;
            }
            handled++;
            emitted |= handle(message, out);
        }
        return emitted || handled > 0 ? SourceStatus.ACTIVE : SourceStatus.IDLE;
    }

    private SourceStatus pollSnapshot(Collector out) throws Exception {
        for (int i = 0; i < POLL_BATCH; i++) {
            if (!snapshotRows.next()) {
                snapshotRows.getStatement().close();
                snapshotConnection.commit();
                snapshotConnection.close();
                snapshotRows = null;
                snapshotConnection = null;
                position = new CdcPosition(config.slotName(), true, position.startLsn(), 0, 0, true);
                LOG.info("postgres_cdc table '{}': snapshot read; streaming from {}", table,
                        LogSequenceNumber.valueOf(position.startLsn()));
                startStream(position.startLsn());
                return SourceStatus.ACTIVE;
            }
            Object[] row = new Object[width + 2];
            for (int c = 0; c < width; c++) {
                row[c] = PgText.decode(snapshotRows.getString(c + 1), schema.field(c).type(), where(c));
            }
            row[width] = RowKind.of(RowKind.INSERT);
            row[width + 1] = snapshotTime;
            out.collect(row);
        }
        return SourceStatus.ACTIVE;
    }

    /** Handles one pgoutput message; true when it emitted rows. */
    private boolean handle(ByteBuffer b, Collector out) throws ConnectorException {
        char type = (char) b.get();
        switch (type) {
            case 'B' -> {
                txnLsn = b.getLong();
                txnTime = PgOutput.pgTimeToNanos(b.getLong());
                txnRows = 0;
                txnSkip = skip == null ? 0 : skip.covers(txnLsn) ? Long.MAX_VALUE
                        : txnLsn == skip.txnLsn() ? skip.txnRows() : 0;
                return false;
            }
            case 'C' -> {
                if (skip != null && txnLsn >= skip.txnLsn()) {
                    skip = null;
                }
                position = new CdcPosition(config.slotName(), true, txnLsn, txnLsn, txnRows, true);
                return false;
            }
            case 'R' -> {
                PgOutput.Relation r = PgOutput.relation(b);
                if (r.namespace().equals(config.schema()) && r.name().equals(config.table())) {
                    relations.put(r.oid(), columnMap(r));
                } else {
                    relations.remove(r.oid());
                }
                return false;
            }
            case 'I' -> {
                int[] map = relations.get(b.getInt());
                b.get(); // 'N'
                String[] values = PgOutput.tuple(b);
                return map != null && emit(out, RowKind.INSERT, map, values, null);
            }
            case 'U' -> {
                int[] map = relations.get(b.getInt());
                char kind = (char) b.get();
                String[] old = null;
                if (kind == 'O' || kind == 'K') {
                    old = PgOutput.tuple(b);
                    b.get(); // 'N'
                }
                String[] values = PgOutput.tuple(b);
                if (map == null) {
                    return false;
                }
                if (old == null || kind == 'K') {
                    throw new ConnectorException("postgres_cdc table '" + table + "': an update at "
                            + LogSequenceNumber.valueOf(txnLsn) + " came without the old row; the table needs"
                            + " REPLICA IDENTITY FULL");
                }
                emit(out, RowKind.UPDATE_BEFORE, map, old, null);
                emit(out, RowKind.UPDATE_AFTER, map, values, old);
                return true;
            }
            case 'D' -> {
                int[] map = relations.get(b.getInt());
                char kind = (char) b.get();
                String[] old = PgOutput.tuple(b);
                if (map != null && kind != 'O') {
                    throw new ConnectorException("postgres_cdc table '" + table + "': a delete at "
                            + LogSequenceNumber.valueOf(txnLsn) + " came with its key only; the table needs"
                            + " REPLICA IDENTITY FULL");
                }
                return map != null && emit(out, RowKind.DELETE, map, old, null);
            }
            case 'T' -> {
                // only a publication made by hand publishes TRUNCATE; a changelog cannot say it row by row
                LOG.warn("postgres_cdc table '{}': a TRUNCATE at {} is not passed on (its rows are not known);"
                        + " publish only insert, update, delete", table, LogSequenceNumber.valueOf(txnLsn));
                return false;
            }
            default -> {
                // Origin, Type, logical messages: nothing to emit
                return false;
            }
        }
    }

    /** For each declared column, its index in the relation's columns. */
    private int[] columnMap(PgOutput.Relation r) throws ConnectorException {
        int[] map = new int[width];
        List<String> names = List.of(r.columns());
        for (int c = 0; c < width; c++) {
            map[c] = names.indexOf(schema.field(c).name());
            if (map[c] < 0) {
                throw new ConnectorException("postgres_cdc table '" + table + "': column '" + schema.field(c).name()
                        + "' is no longer in " + r.namespace() + "." + r.name() + "; its columns: "
                        + String.join(", ", names));
            }
        }
        return map;
    }

    private boolean emit(Collector out, int kind, int[] map, String[] values, String[] old) {
        txnRows++;
        if (txnRows <= txnSkip) {
            return false; // emitted before the restore
        }
        Object[] row = new Object[width + 2];
        for (int c = 0; c < width; c++) {
            String text = values[map[c]];
            if (text == PgOutput.UNCHANGED) {
                text = old == null ? null : old[map[c]];
            }
            row[c] = PgText.decode(text, schema.field(c).type(), where(c));
        }
        row[width] = RowKind.of(kind);
        row[width + 1] = txnTime;
        out.collect(row);
        position = new CdcPosition(config.slotName(), true, position.startLsn(), txnLsn, txnRows, false);
        return true;
    }

    private String where(int column) {
        return "column '" + schema.field(column).name() + "' of " + config.schema() + "." + config.table();
    }

    @Override
    public byte[] snapshot(long epoch) throws Exception {
        if (!reading) {
            return null;
        }
        if (position.snapshotDone()) {
            confirmable.put(epoch, position.txnComplete() ? position.txnLsn() : position.startLsn());
        }
        return position.toBytes();
    }

    /**
     * Checkpoint {@code epoch} is recorded: lets PostgreSQL discard the WAL before the position it
     * holds (the slot's confirmed flush LSN). Idempotent; older epochs are covered.
     */
    @Override
    public void commit(long epoch) throws SQLException {
        Map.Entry<Long, Long> e = confirmable.floorEntry(epoch);
        if (e == null || stream == null) {
            return;
        }
        long lsn = e.getValue();
        confirmable.headMap(epoch, true).clear();
        if (lsn != 0) {
            LogSequenceNumber l = LogSequenceNumber.valueOf(lsn);
            stream.setFlushedLSN(l);
            stream.setAppliedLSN(l);
            stream.forceUpdateStatus();
        }
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c : new AutoCloseable[] {stream, snapshotConnection, replication}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            LOG.debug("postgres_cdc table '{}': closing: {}", table, first.toString());
        }
    }
}
