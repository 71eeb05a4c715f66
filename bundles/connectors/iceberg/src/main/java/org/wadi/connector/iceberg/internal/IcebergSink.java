package org.wadi.connector.iceberg.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
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
 * <p>Rows go into Parquet data files under the table's data location (rolled at
 * {@code rolling_policy.file_size}). {@link #preCommit} closes the open files (forced to disk) and
 * returns the files written since the last checkpoint (with their column metrics, read from the
 * Parquet footers, so readers can prune by them); {@link #commit} appends them to the table in
 * one snapshot whose summary carries {@code wadi.writer} (job, operator, subtask) and
 * {@code wadi.epoch}. Before appending, the subtask walks the table's history back to its own last
 * snapshot: if that one carries this epoch or a later one, the files are in the table already (a
 * commit repeated after a restore) and nothing is appended. Each subtask commits its own snapshot;
 * Iceberg's optimistic concurrency retries concurrent appends.
 *
 * <p>A missing namespace and table are created from the SQL columns (unpartitioned); an existing
 * table is written by column name, and when it is partitioned, each row goes into a data file of its
 * partition (the table's partition spec, any of Iceberg's transforms, applied by Iceberg's
 * {@link PartitionKey}).
 */
final class IcebergSink implements Sink {

    static final String WRITER_PROPERTY = "wadi.writer";
    static final String EPOCH_PROPERTY = "wadi.epoch";
    private static final Logger LOG = LoggerFactory.getLogger(IcebergSink.class);
    private static final Object UNPARTITIONED = new Object();

    /** A data file being written, with its partition (null when the table is unpartitioned). */
    private record OpenFile(DataFileWriter writer, String path, PartitionKey partition) {
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
    private int fileCounter;

    IcebergSink(String name, SinkConfig config, Schema columns, CatalogOpener catalogs) {
        this.name = name;
        this.config = config;
        this.columns = columns;
        this.catalogs = catalogs;
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
        writer = context.task().jobId() + "/" + context.task().operatorId() + "/" + context.task().subtaskIndex();
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
            codec = ParquetCodecs.codec(table.properties().get(TableProperties.PARQUET_COMPRESSION));
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
            return catalog.loadTable(id);
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
        try {
            Catalog.TableBuilder builder = catalog.buildTable(id, IcebergSchemas.of(columns)).withProperties(props);
            if (config.locationPath() != null) {
                builder = builder.withLocation(config.locationPath());
            }
            Table created = builder.create();
            LOG.info("Created Iceberg table {} at {}", id, created.location());
            return created;
        } catch (AlreadyExistsException e) {
            return catalog.loadTable(id);
        }
    }

    @Override
    public void write(Object[] row) throws Exception {
        Object key = UNPARTITIONED;
        if (partitionKey != null) {
            partitionKey.partition(rowView.wrap(row));
            key = partitionKey;
        }
        OpenFile file = open.get(key);
        if (file == null) {
            PartitionKey partition = partitionKey == null ? null : partitionKey.copy();
            fileCounter++;
            String name = String.format("%05d-%s.parquet", fileCounter, UUID.randomUUID());
            String path = partition == null ? table.locationProvider().newDataLocation(name)
                    : table.locationProvider().newDataLocation(table.spec(), partition, name);
            file = new OpenFile(DataFileWriter.open(table.io().newOutputFile(path), table.schema(), mapping, codec),
                    path, partition);
            open.put(partition == null ? UNPARTITIONED : partition, file);
        }
        file.writer().write(row);
        if (file.writer().size() >= config.fileSizeBytes()) {
            open.remove(file.partition() == null ? UNPARTITIONED : file.partition());
            closeFile(file);
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
}
