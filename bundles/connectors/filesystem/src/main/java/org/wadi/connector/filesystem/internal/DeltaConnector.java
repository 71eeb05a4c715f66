package org.wadi.connector.filesystem.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
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
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.StorageProvider;

/**
 * The {@code delta} connector, as Arroyo's: a sink writing a Delta Lake table — the filesystem
 * sink's Parquet files with its options (rolling, naming, partitioning, multipart uploads), plus
 * a commit to the table's {@code _delta_log} per checkpoint ({@link DeltaSink}). It lives in the
 * filesystem bundle because it is that sink with a log on top, as in Arroyo.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + DeltaConnector.NAME)
public final class DeltaConnector implements Connector {

    static final String NAME = "delta";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "Delta Lake", "",
            "Write Delta Lake tables in local folders and S3, exactly once", false, true, false, true, false, false,
            null, resource("delta-table.json"));

    private final LongSupplier nanoClock;
    private final LongSupplier epochMillis;
    private final boolean fsync;
    private volatile StorageProvider storage;

    /** The component: real clocks, files forced to disk. */
    public DeltaConnector() {
        this(System::nanoTime, System::currentTimeMillis, true, null);
    }

    /** For tests: their own clocks and storage service. */
    DeltaConnector(LongSupplier nanoClock, LongSupplier epochMillis, boolean fsync, StorageProvider storage) {
        this.nanoClock = nanoClock;
        this.epochMillis = epochMillis;
        this.fsync = fsync;
        this.storage = storage;
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

    private ObjectStore openStore(String path) throws ConnectorException, IOException {
        StorageProvider s = storage;
        if (s == null) {
            throw new ConnectorException("delta path '" + path + "' needs the storage service (bundle "
                    + "wadi-storage), which is not running");
        }
        try {
            return s.open(path.trim());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("delta path '" + path + "': " + e.getMessage(), e);
        }
    }

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    /** The table's options with Arroyo's default format for Delta ({@code parquet}). */
    private static Options options(Map<String, String> given) throws ConnectorException {
        String type = given.get(SinkConfig.TYPE);
        if (type != null && type.trim().equals("source")) {
            throw new ConnectorException("Delta tables cannot be read yet: connector 'delta' is a sink only "
                    + "(type = 'sink')");
        }
        Map<String, String> values = new HashMap<>(given);
        values.putIfAbsent(SinkConfig.FORMAT, SinkConfig.PARQUET);
        values.putIfAbsent(SinkConfig.TYPE, "sink");
        return new Options(NAME, values);
    }

    private static SinkConfig parse(Options options) throws ConnectorException {
        String format = options.asMap().get(SinkConfig.FORMAT).trim();
        if (!format.equals(SinkConfig.PARQUET)) {
            throw new ConnectorException("Connector 'delta' writes Parquet files: format must be 'parquet' (or left "
                    + "out), not '" + format + "'");
        }
        SinkConfig config = SinkConfig.parse(options);
        options.checkAllKnown();
        return config;
    }

    /** Checks that Delta can hold the columns and partition by the fields. */
    private static void check(SinkConfig config, Schema columns) throws ConnectorException {
        Partitioner.checkFields(config.partitionFields(), columns);
        ParquetRows.of(columns, true);
        DeltaLog.schemaJson(columns);
        for (String name : config.partitionFields()) {
            Field f = columns.field(columns.indexOf(name));
            TypeId id = f.type().id();
            if (id == TypeId.TIMESTAMP || id == TypeId.TIME) {
                throw new ConnectorException("delta table: partition column '" + name + "' has type " + f.type()
                        + ", whose folder names Delta readers do not parse; partition by a DATE or TEXT column "
                        + "(or use 'partitioning.time_pattern')");
            }
        }
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        SinkConfig config = parse(options(request.options().asMap()));
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() > 0) {
            check(config, columns);
        }
        if (request.files() != null && !Locations.isObjectStore(config.path())) {
            request.files().resolve(config.path());
        }
        return new ConnectorTable(request.name(), NAME, config.toOptions(), columns, Set.of(TableRole.SINK), false);
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        SinkConfig config = parse(options(table.options()));
        check(config, table.schema());
        return new DeltaSink(table.name(), config, table.schema(), nanoClock, epochMillis, fsync, this::openStore);
    }

    private static String resource(String name) {
        try (InputStream in = DeltaConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the filesystem bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
