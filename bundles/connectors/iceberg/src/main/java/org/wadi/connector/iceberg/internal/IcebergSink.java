package org.wadi.connector.iceberg.internal;

import org.wadi.storage.FileNaming;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SessionCatalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.HTTPClient;
import org.apache.iceberg.rest.RESTSessionCatalog;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;

/**
 * One subtask writing an Iceberg table of a REST catalog, exactly once.
 *
 * <p>Rows go into Parquet data files under the table's data location, named by the
 * {@code filename.*} options and rolled at {@code rolling_policy.file_size}, after
 * {@code rolling_policy.interval} and after {@code rolling_policy.inactivity_interval} without a
 * row. {@link #preCommit} closes the open files (forced to disk) and
 * returns the files written since the last checkpoint (with their column metrics, read from the
 * Parquet footers, so readers can prune by them); {@link #commit} appends them to the table in
 * one snapshot whose summary carries {@code wadi.writer} (job, operator, subtask) and
 * {@code wadi.epoch}. Before appending, the subtask walks the table's history back to its own last
 * snapshot: if that one carries this epoch or a later one, the files are in the table already (a
 * commit repeated after a restore) and nothing is appended. Each subtask commits its own snapshot;
 * Iceberg's optimistic concurrency retries concurrent appends.
 *
 * <p>A missing namespace and table are created from the SQL columns, partitioned as
 * {@code partitioning.fields} says ({@link PartitionFields}); an existing
 * table is written by column name, and when it is partitioned, each row goes into a data file of its
 * partition (the table's partition spec, any of Iceberg's transforms, applied by Iceberg's
 * {@link PartitionKey}).
 */
final class IcebergSink implements Sink {

    static final String WRITER_PROPERTY = "wadi.writer";
    static final String EPOCH_PROPERTY = "wadi.epoch";
    private static final Logger LOG = LoggerFactory.getLogger(IcebergSink.class);
    private static final Object UNPARTITIONED = new Object();

    /** Closes idle or old files of other partitions at most this often (rolling by time). */
    private static final long SWEEP_NANOS = 1_000_000_000L;

    /** A data file being written, with its partition (null when the table is unpartitioned). */
    private static final class OpenFile {
        final DataFileWriter writer;
        final String path;
        final PartitionKey partition;
        final long openedAt;
        long lastWriteAt;

        OpenFile(DataFileWriter writer, String path, PartitionKey partition, long now) {
            this.writer = writer;
            this.path = path;
            this.partition = partition;
            this.openedAt = now;
            this.lastWriteAt = now;
        }

        DataFileWriter writer() {
            return writer;
        }

        String path() {
            return path;
        }

        PartitionKey partition() {
            return partition;
        }
    }

    /** Opens the catalog a sink writes through; tests give their own. */
    @FunctionalInterface
    interface CatalogOpener {
        OpenCatalog open(SinkConfig config, FileAccess files) throws Exception;
    }

    /** A catalog and what to close when the sink is done with it. */
    record OpenCatalog(Catalog catalog, AutoCloseable resources) {
    }

    private final String name;
    private final SinkConfig config;
    private final Schema columns;
    private final CatalogOpener catalogs;
    private final LongSupplier nanoClock;
    private final FileNaming names;

    private Catalog catalog;
    private AutoCloseable catalogResources;
    private Table table;
    private String writer;
    private int[] mapping;
    private CompressionCodecName codec;
    private MetricsConfig metricsConfig;
    /** The open data file per partition (one entry, under {@link #UNPARTITIONED}, for unpartitioned tables). */
    private final Map<Object, OpenFile> open = new HashMap<>();
    private PartitionKey partitionKey;
    private Partitions.RowView rowView;
    private final List<CommitState.PendingFile> pending = new ArrayList<>();
    private long lastEpoch;
    private long fileCounter;
    private int subtask;
    private long lastSweep;

    /**
     * @param nanoClock a monotonic clock in nanoseconds (rolling by interval and inactivity)
     * @param epochMillis wall-clock milliseconds (time-ordered file names)
     */
    IcebergSink(String name, SinkConfig config, Schema columns, CatalogOpener catalogs, LongSupplier nanoClock,
            LongSupplier epochMillis) {
        this.name = name;
        this.config = config;
        this.columns = columns;
        this.catalogs = catalogs;
        this.nanoClock = nanoClock;
        this.names = new FileNaming(config.prefix(), config.suffix(), config.strategy(), epochMillis);
    }

    /** The REST catalog at {@code catalog.rest.url}, table files through {@code io}. */
    static OpenCatalog restCatalog(SinkConfig.Catalog config, WarehouseFileIO io) {
        Map<String, String> props = new HashMap<>();
        props.put("uri", config.url());
        if (config.warehouse() != null) {
            props.put("warehouse", config.warehouse());
        }
        if (config.token() != null) {
            // a static bearer token: sent as is, never exchanged or refreshed
            props.put("rest.auth.type", "oauth2");
            props.put("token", config.token());
            props.put("token-refresh-enabled", "false");
            props.put("oauth2-server-uri", config.url().replaceAll("/+$", "") + "/v1/oauth/tokens");
        }
        // scan and commit reports go out asynchronously and would race the sink's close
        props.put("rest-metrics-reporting-enabled", "false");
        RESTSessionCatalog rest = new RESTSessionCatalog(
                p -> HTTPClient.builder(p).uri(p.get("uri")).withHeaders(RESTUtil.configHeaders(p)).build(),
                (context, p) -> (FileIO) io);
        rest.initialize("wadi", props);
        return new OpenCatalog(rest.asCatalog(SessionCatalog.SessionContext.createEmpty()), () -> {
            try {
                rest.close();
            } finally {
                io.release();
            }
        });
    }

    private TableIdentifier identifier() {
        return TableIdentifier.of(Namespace.of(config.namespace().split("\\.")), config.tableName());
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws Exception {
        if (context.updating()) {
            throw new ConnectorException("iceberg table '" + name + "' cannot take updating rows (inserts, updates and "
                    + "deletes of an updating aggregate or join); the iceberg sink appends rows");
        }
        subtask = context.task().subtaskIndex();
        writer = context.task().jobId() + "/" + context.task().operatorId() + "/" + subtask;
        lastSweep = nanoClock.getAsLong();
        try {
            withBundleLoader(() -> {
                OpenCatalog opened = catalogs.open(config, context.files());
                catalog = opened.catalog();
                catalogResources = opened.resources();
                table = loadOrCreate();
                return null;
            });
        } catch (ConnectorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConnectorException("iceberg table '" + name + "': cannot load or create " + identifier()
                    + " in the REST catalog at " + config.restUrl() + ": " + e.getMessage(), e);
        }
        mapping = IcebergSchemas.columnMapping(identifier().toString(), table.schema(), columns);
        metricsConfig = MetricsConfig.forTable(table);
        if (!table.spec().isUnpartitioned()) {
            partitionKey = new PartitionKey(table.spec(), table.schema());
            rowView = new Partitions.RowView(table.schema().columns(), mapping);
        }
        try {
            codec = parquetCodec(table.properties().get(TableProperties.PARQUET_COMPRESSION));
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("Iceberg table " + identifier() + ": " + e.getMessage(), e);
        }
        if (restoredState != null) {
            CommitState restored = CommitState.fromBytes(restoredState);
            lastEpoch = restored.epoch();
            publish(restored);
        }
    }

    private Table loadOrCreate() throws ConnectorException {
        TableIdentifier id = identifier();
        try {
            return checkPartitioning(catalog.loadTable(id));
        } catch (NoSuchTableException e) {
            // created below
        }
        if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(id.namespace())) {
            try {
                namespaces.createNamespace(id.namespace());
            } catch (AlreadyExistsException e) {
                // another subtask created it
            }
        }
        Map<String, String> props = new HashMap<>();
        // every subtask appends on its own: let concurrent appends retry rather than fail
        props.put(TableProperties.COMMIT_NUM_RETRIES, "20");
        org.apache.iceberg.Schema schema = IcebergSchemas.of(columns);
        try {
            Catalog.TableBuilder builder = catalog.buildTable(id, schema).withProperties(props)
                    .withPartitionSpec(config.partitioning().spec(schema));
            if (config.locationPath() != null) {
                builder = builder.withLocation(config.locationPath());
            }
            Table created = builder.create();
            LOG.info("Created Iceberg table {} at {}{}", id, created.location(),
                    created.spec().isUnpartitioned() ? "" : ", partitioned by " + created.spec());
            return created;
        } catch (AlreadyExistsException e) {
            return checkPartitioning(catalog.loadTable(id));
        }
    }

    /**
     * An existing table is written by its own partition spec; {@code partitioning.fields}, when
     * given, must be that spec (it only shapes tables the sink creates).
     */
    private Table checkPartitioning(Table table) throws ConnectorException {
        if (config.partitioning().isEmpty()) {
            return table;
        }
        List<String> existing = PartitionFields.describe(table.spec(), table.schema());
        if (!existing.equals(config.partitioning().describe())) {
            throw new ConnectorException("iceberg table '" + name + "': " + identifier() + " exists, partitioned by "
                    + (existing.isEmpty() ? "nothing" : existing) + ", but option '" + PartitionFields.OPTION
                    + "' asks for " + config.partitioning().describe() + "; the option shapes only tables the sink "
                    + "creates: leave it out to write the table by its own spec, or name a new table");
        }
        return table;
    }

    @Override
    public void write(Object[] row) throws Exception {
        long now = nanoClock.getAsLong();
        if ((config.intervalNanos() > 0 || config.inactivityNanos() > 0) && now - lastSweep >= SWEEP_NANOS) {
            lastSweep = now;
            // close idle and old files of other partitions too, so that their rows reach the next snapshot
            // in files of their own size and no writer stays open for long
            for (java.util.Iterator<OpenFile> it = open.values().iterator(); it.hasNext(); ) {
                OpenFile f = it.next();
                if (expired(f, now)) {
                    it.remove();
                    closeFile(f);
                }
            }
        }
        Object key = UNPARTITIONED;
        if (partitionKey != null) {
            partitionKey.partition(rowView.wrap(row));
            key = partitionKey;
        }
        OpenFile file = open.get(key);
        if (file != null && expired(file, now)) {
            open.remove(key);
            closeFile(file);
            file = null;
        }
        if (file == null) {
            PartitionKey partition = partitionKey == null ? null : partitionKey.copy();
            String path = newPath(partition);
            file = new OpenFile(DataFileWriter.open(table.io().newOutputFile(path), table.schema(), mapping, codec),
                    path, partition, now);
            open.put(partition == null ? UNPARTITIONED : partition, file);
        }
        file.writer().write(row);
        file.lastWriteAt = now;
        if (file.writer().size() >= config.fileSizeBytes()) {
            open.remove(file.partition() == null ? UNPARTITIONED : file.partition());
            closeFile(file);
        }
    }

    private boolean expired(OpenFile f, long now) {
        return (config.intervalNanos() > 0 && now - f.openedAt >= config.intervalNanos())
                || (config.inactivityNanos() > 0 && now - f.lastWriteAt >= config.inactivityNanos());
    }

    /**
     * Where the next data file of a partition goes, named by the {@code filename.*} options. Serial
     * names skip files that exist: a serial that starts again after a restore must not overwrite a
     * file a snapshot references.
     */
    private String newPath(PartitionKey partition) throws ConnectorException {
        for (int attempt = 0; ; attempt++) {
            String file = names.name(fileCounter++, subtask);
            String path = partition == null ? table.locationProvider().newDataLocation(file)
                    : table.locationProvider().newDataLocation(table.spec(), partition, file);
            if (names.strategy() != FileNaming.Strategy.SERIAL || !table.io().newInputFile(path).exists()) {
                return path;
            }
            if (attempt > 1_000_000) {
                throw new ConnectorException("iceberg table '" + name + "': no free serial file name near " + path);
            }
        }
    }

    private void closeFile(OpenFile file) throws IOException {
        long size = file.writer().finish();
        pending.add(new CommitState.PendingFile(file.path(), size, file.writer().records(),
                file.partition() == null ? null : Partitions.toJson(table.spec(), file.partition()),
                MetricsJson.toJson(file.writer().metrics(metricsConfig))));
    }

    private void closeFiles() throws IOException {
        for (OpenFile file : open.values()) {
            closeFile(file);
        }
        open.clear();
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        closeFiles();
        lastEpoch = epoch;
        CommitState state = new CommitState(writer, epoch, List.copyOf(pending));
        pending.clear();
        return state.toBytes();
    }

    @Override
    public void commit(long epoch, byte[] preCommitted) throws Exception {
        if (preCommitted == null) {
            return;
        }
        publish(CommitState.fromBytes(preCommitted));
    }

    @Override
    public void finish() throws Exception {
        closeFiles();
        if (!pending.isEmpty()) {
            CommitState last = new CommitState(writer, lastEpoch + 1, List.copyOf(pending));
            pending.clear();
            publish(last);
        }
    }

    /** Appends the state's files in one snapshot, unless that snapshot exists already. */
    private void publish(CommitState state) throws Exception {
        if (state.files().isEmpty()) {
            return;
        }
        withBundleLoader(() -> {
            table.refresh();
            if (committed(table, state.writer(), state.epoch())) {
                LOG.debug("Iceberg table {}: epoch {} of {} is committed already", identifier(), state.epoch(),
                        state.writer());
                return null;
            }
            AppendFiles append = table.newAppend();
            for (CommitState.PendingFile f : state.files()) {
                DataFiles.Builder file = DataFiles.builder(table.spec())
                        .withPath(f.path())
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(f.sizeBytes())
                        .withRecordCount(f.records());
                if (f.partition() != null) {
                    file.withPartition(Partitions.fromJson(table.spec(), f.partition()));
                }
                if (f.metrics() != null) {
                    file.withMetrics(MetricsJson.fromJson(f.metrics()));
                }
                append.appendFile(file.build());
            }
            append.set(WRITER_PROPERTY, state.writer());
            append.set(EPOCH_PROPERTY, Long.toString(state.epoch()));
            append.commit();
            return null;
        });
    }

    /** Whether the newest snapshot by {@code writer} in the current history has this epoch or a later one. */
    static boolean committed(Table table, String writer, long epoch) {
        Snapshot s = table.currentSnapshot();
        while (s != null) {
            Map<String, String> summary = s.summary();
            if (summary != null && writer.equals(summary.get(WRITER_PROPERTY))) {
                String e = summary.get(EPOCH_PROPERTY);
                return e != null && Long.parseLong(e) >= epoch;
            }
            Long parent = s.parentId();
            s = parent == null ? null : table.snapshot(parent);
        }
        return false;
    }

    /**
     * Iceberg loads its REST client's parts (authentication, metrics reporting) by class name through
     * the thread's context class loader; inside OSGi that must be this bundle's.
     */
    static <T> T withBundleLoader(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(IcebergSink.class.getClassLoader());
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            // rows after the last checkpoint: their files stay out of the table (a restore writes them again)
            for (OpenFile file : open.values()) {
                file.writer().close();
            }
            open.clear();
        } finally {
            if (catalogResources != null) {
                catalogResources.close();
                catalogResources = null;
            }
        }
    }

    /** Iceberg's {@code write.parquet.compression-codec} names. */
    static CompressionCodecName parquetCodec(String tableProperty) {
        String v = tableProperty == null ? "zstd" : tableProperty.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "uncompressed", "none" -> CompressionCodecName.UNCOMPRESSED;
            case "snappy" -> CompressionCodecName.SNAPPY;
            case "gzip" -> CompressionCodecName.GZIP;
            case "zstd" -> CompressionCodecName.ZSTD;
            default -> throw new IllegalArgumentException("the table property write.parquet.compression-codec is '"
                    + tableProperty + "'; this sink writes zstd, snappy, gzip or uncompressed");
        };
    }
}
