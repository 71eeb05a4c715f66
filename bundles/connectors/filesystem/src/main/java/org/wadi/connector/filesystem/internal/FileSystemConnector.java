package org.wadi.connector.filesystem.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.StorageProvider;

/**
 * The {@code filesystem} connector, as Arroyo's. As a sink it writes a table into a folder or an S3
 * prefix as JSON-lines or Parquet files, exactly once (see {@link FileSystemSink}), with Arroyo's rolling, naming and
 * partitioning options. As a source ({@link FileSystemSource}) it reads JSON-lines or text files,
 * plain, gzip or zstd, or Parquet files, from a local folder or an {@code s3://} prefix, bounded, with its position
 * in the checkpoints. Local paths are confined to the file roots; {@code s3://} goes through the
 * storage service ({@link StorageProvider}) and its S3 settings.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + FileSystemConnector.NAME)
public final class FileSystemConnector implements Connector {

    static final String NAME = "filesystem";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "FileSystem", "",
            "Read JSON, text and Parquet files, write JSON and Parquet files, in local folders and S3, exactly once", true, true, false, true, false, false, null,
            resource("table.json"));

    private final LongSupplier nanoClock;
    private final LongSupplier epochMillis;
    private final boolean fsync;
    private volatile StorageProvider storage;

    /** The component: real clocks, files forced to disk. */
    public FileSystemConnector() {
        this(System::nanoTime, System::currentTimeMillis, true);
    }

    /** For tests: their own clocks, and fsync off where a test cannot observe a power loss anyway. */
    FileSystemConnector(LongSupplier nanoClock, LongSupplier epochMillis, boolean fsync) {
        this.nanoClock = nanoClock;
        this.epochMillis = epochMillis;
        this.fsync = fsync;
    }

    /** For tests: their own clocks and storage service. */
    FileSystemConnector(LongSupplier nanoClock, LongSupplier epochMillis, boolean fsync, StorageProvider storage) {
        this(nanoClock, epochMillis, fsync);
        this.storage = storage;
    }

    /** Opens where a source's files are, local or in an object store. */
    @FunctionalInterface
    interface FilesOpener {
        SourceFiles open(String path, FileAccess files) throws Exception;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setStorage(StorageProvider storage) {
        this.storage = storage;
    }

    void unsetStorage(StorageProvider storage) {
        if (this.storage == storage) {
            this.storage = null;
        }
    }

    /** The object store at an {@code s3://} path, through the storage service. */
    ObjectStore openStore(String path) throws ConnectorException, java.io.IOException {
        StorageProvider s = storage;
        if (s == null) {
            throw new ConnectorException("filesystem path '" + path + "' needs the storage service (bundle "
                    + "wadi-storage), which is not running");
        }
        try {
            return s.open(path.trim());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("filesystem path '" + path + "': " + e.getMessage(), e);
        }
    }

    private SourceFiles openFiles(String path, FileAccess files) throws Exception {
        if (Locations.isObjectStore(path)) {
            return SourceFiles.objects(openStore(path));
        }
        return SourceFiles.local(files.resolve(path));
    }

    private static boolean isSource(Options options) {
        String type = options.asMap().get(SinkConfig.TYPE);
        return type != null && type.trim().equals("source");
    }

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        if (isSource(options)) {
            return sourceTable(request, options);
        }
        SinkConfig config = SinkConfig.parse(options);
        options.checkAllKnown();
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        // columns may be left to the query; then the fields are checked when the sink is created
        if (columns.size() > 0) {
            Partitioner.checkFields(config.partitionFields(), columns);
            if (config.parquet()) {
                ParquetRows.check(columns);
            }
        }
        if (request.files() != null && !Locations.isObjectStore(config.path())) {
            // refuse folders outside the roots when the table is defined, not only when a job runs
            request.files().resolve(config.path());
        }
        return new ConnectorTable(request.name(), NAME, config.toOptions(), columns, Set.of(TableRole.SINK), false);
    }

    private ConnectorTable sourceTable(TableRequest request, Options options) throws ConnectorException {
        SourceConfig config = SourceConfig.parse(options);
        options.checkAllKnown();
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (config.raw()) {
            if (columns.size() == 0) {
                columns = Schema.of(Field.of("value", DataType.UTF8));
            }
            if (columns.size() != 1 || !columns.field(0).name().equals("value")
                    || !columns.field(0).type().equals(DataType.UTF8)) {
                throw new ConnectorException("filesystem table '" + request.name() + "' with format = '"
                        + SourceConfig.RAW_STRING + "' must have exactly one column: value TEXT; it has "
                        + columns.fields());
            }
        }
        if (request.files() != null && !Locations.isObjectStore(config.path())) {
            request.files().resolve(config.path());
        }
        return new ConnectorTable(request.name(), NAME, config.toOptions(), columns, Set.of(TableRole.SOURCE), false);
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        Options options = new Options(NAME, table.options());
        if (!isSource(options)) {
            throw new ConnectorException("filesystem table '" + table.name() + "' is a sink (type = 'sink'); "
                    + "declare another table with type = 'source' to read files");
        }
        SourceConfig config = SourceConfig.parse(options);
        options.checkAllKnown();
        return new FileSystemSource(table.name(), config, table.schema(), this::openFiles);
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        Options options = new Options(NAME, table.options());
        SinkConfig config = SinkConfig.parse(options);
        options.checkAllKnown();
        Partitioner.checkFields(config.partitionFields(), table.schema());
        return new FileSystemSink(table.name(), config, table.schema(), nanoClock, epochMillis, fsync, this::openStore);
    }

    private static String resource(String name) {
        try (InputStream in = FileSystemConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the filesystem bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
