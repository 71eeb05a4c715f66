package org.wadi.connector.filesystem.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.connector.filesystem.internal.CommitState.PendingFile;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;
import org.wadi.storage.ConditionalWritesUnsupportedException;
import org.wadi.storage.ObjectStore;

/**
 * One subtask of a {@code delta} sink: the Parquet files of a {@link FileSystemSink}, published by
 * its two-phase commit, then added to the Delta table's log ({@link DeltaLog}) in one commit per
 * checkpoint and subtask. The commit carries a Delta transaction: application id
 * {@code wadi-<job and operator hash>-<subtask that wrote the files>} and version the checkpoint
 * epoch, so a checkpoint committed again after a restore (or by two subtasks that restored the
 * same state after a rescale) is added once.
 *
 * <p>A file is published before its commit is written, so a reader never sees an added file that
 * does not exist; a crash in between leaves a published file outside the table (invisible to Delta
 * readers) until the restore commits it. Rows written after the last checkpoint by a bounded job
 * that finishes are committed as version epoch + 1.
 */
final class DeltaSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaSink.class);

    private final String table;
    private final SinkConfig config;
    private final Schema schema;
    private final LongSupplier epochMillis;
    private final boolean fsync;
    private final FileSystemSink.StoreOpener stores;
    private final FileSystemSink files;

    private ObjectStore store;
    private DeltaLog log;
    private String appPrefix;
    private int subtask;

    DeltaSink(String table, SinkConfig config, Schema schema, LongSupplier nanoClock, LongSupplier epochMillis,
            boolean fsync, FileSystemSink.StoreOpener stores) {
        this.table = table;
        this.config = config;
        this.schema = schema;
        this.epochMillis = epochMillis;
        this.fsync = fsync;
        this.stores = stores;
        this.files = new FileSystemSink(table, config, schema, nanoClock, epochMillis, fsync, stores, true);
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws Exception {
        if (context.updating()) {
            throw new ConnectorException("delta table '" + table + "' cannot take updating results (a changelog): "
                    + "the sink appends rows");
        }
        subtask = context.task().subtaskIndex();
        DeltaLog.Storage storage;
        if (Locations.isObjectStore(config.path())) {
            store = stores.open(config.path());
            storage = DeltaLog.objects(store, context.task().parallelism() == 1);
        } else {
            Path root = context.files().resolve(config.path());
            java.nio.file.Files.createDirectories(root);
            storage = DeltaLog.local(root.toRealPath(), fsync);
        }
        log = new DeltaLog(table, storage, epochMillis);
        try {
            log.open(schema, config.partitionFields());
            if (store != null && context.task().parallelism() > 1) {
                log.checkConcurrentWriters();
            }
        } catch (ConditionalWritesUnsupportedException e) {
            throw new ConnectorException("delta table '" + table + "' at " + config.path() + " runs at parallelism "
                    + context.task().parallelism() + ": " + e.getMessage(), e);
        }
        appPrefix = "wadi-" + FileSystemSink.hash(context.task().jobId() + "/" + context.task().operatorId()) + "-";
        files.open(context, restoredState);
        if (restoredState != null) {
            commitLog(CommitState.fromBytes(restoredState), true);
        }
    }

    @Override
    public void write(Object[] row) throws Exception {
        files.write(row);
    }

    @Override
    public void watermark(long watermark) throws Exception {
        files.watermark(watermark);
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        return files.preCommit(epoch);
    }

    @Override
    public void commit(long epoch, byte[] preCommitted) throws Exception {
        files.commit(epoch, preCommitted);
        if (preCommitted != null) {
            commitLog(CommitState.fromBytes(preCommitted), false);
        }
    }

    private void commitLog(CommitState state, boolean restored) throws Exception {
        if (state.files().isEmpty()) {
            return;
        }
        String appId = appPrefix + state.subtask();
        long version = log.commit(appId, state.epoch(), state.files(), config.partitionFields());
        if (version < 0) {
            LOG.info("delta table '{}': checkpoint {} of {} was committed before{}", table, state.epoch(), appId,
                    restored ? " (restore)" : "");
        } else {
            LOG.debug("delta table '{}': version {} adds {} files of checkpoint {}", table, version,
                    state.files().size(), state.epoch());
        }
    }

    @Override
    public void finish() throws Exception {
        List<PendingFile> published = files.finishAndList();
        if (!published.isEmpty()) {
            log.commit(appPrefix + subtask, files.epoch() + 1, published, config.partitionFields());
        }
    }

    @Override
    public void close() throws Exception {
        try {
            files.close();
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }
}
