package org.wadi.connector.iceberg.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.catalog.SupportsNamespaces;
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
import org.wadi.spi.connector.TestResult;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.types.Schema;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.StorageProvider;
import java.util.function.LongSupplier;

/**
 * The {@code iceberg} connector, as Arroyo's: a sink appending Parquet data files to an Apache
 * Iceberg table of a REST catalog ({@code catalog.type = 'rest'}), exactly once, one snapshot per
 * checkpoint and subtask (see {@link IcebergSink}). The table is created from the SQL columns when
 * it does not exist.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + SinkConfig.NAME)
public final class IcebergConnector implements Connector {

    private final ConnectorMetadata metadata = new ConnectorMetadata(SinkConfig.NAME, "Iceberg", "",
            "Write to an Apache Iceberg table of a REST catalog, exactly once", false, true, false, true, true, false,
            resource("profile.json"), resource("table.json"));

    private final IcebergSink.CatalogOpener catalogs;

    private volatile StorageProvider storage;
    /** The clock of rolling by time; tests set their own. */
    private LongSupplier nanoClock = System::nanoTime;

    /** The component: the REST catalog the table's options name. */
    public IcebergConnector() {
        this.catalogs = (config, files) -> IcebergSink.restCatalog(config.catalog(), fileIO(files));
    }

    /** For tests: their own storage service. */
    IcebergConnector(StorageProvider storage) {
        this();
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

    private WarehouseFileIO fileIO(FileAccess files) {
        return new WarehouseFileIO(new LocalFileIO(files), new ObjectStoreFileIO(this::openStore));
    }

    /** Connects to the profile's REST catalog and lists its top-level namespaces. */
    @Override
    public TestResult test(Map<String, String> profile, Map<String, String> table) {
        Map<String, String> merged = new HashMap<>(table == null ? Map.of() : table);
        merged.putAll(profile == null ? Map.of() : profile);
        String url = merged.get(SinkConfig.REST_URL);
        try {
            SinkConfig.Catalog config = SinkConfig.Catalog.parse(new Options(SinkConfig.NAME, merged));
            return IcebergSink.withBundleLoader(() -> {
                IcebergSink.OpenCatalog opened = IcebergSink.restCatalog(config, fileIO(null));
                try {
                    int namespaces = opened.catalog() instanceof SupportsNamespaces n ? n.listNamespaces().size() : 0;
                    return new TestResult(true, "Connected to the Iceberg REST catalog at " + config.url() + " ("
                            + namespaces + " top-level namespaces)");
                } finally {
                    opened.resources().close();
                }
            });
        } catch (Exception e) {
            return new TestResult(false, "Cannot reach the Iceberg REST catalog at " + url + ": " + e.getMessage());
        }
    }

    /** The object store of an {@code s3://} bucket, through the storage service. */
    private ObjectStore openStore(String bucketUrl) throws IOException {
        StorageProvider s = storage;
        if (s == null) {
            throw new IOException("the Iceberg table lives in " + bucketUrl + ", which needs the storage service "
                    + "(bundle wadi-storage), and it is not running");
        }
        return s.open(bucketUrl);
    }

    /** For tests: their own way to the catalog. */
    IcebergConnector(IcebergSink.CatalogOpener catalogs) {
        this.catalogs = catalogs;
    }

    /** For tests: the clock rolling by interval and inactivity reads. */
    IcebergConnector withClock(LongSupplier clock) {
        this.nanoClock = clock;
        return this;
    }

    @Override
    public ConnectorMetadata metadata() {
        return metadata;
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        SinkConfig config = SinkConfig.parse(options);
        options.checkAllKnown();
        Schema columns = request.columns() == null ? Schema.of() : request.columns().visible();
        if (columns.size() > 0) {
            // the partition spec of a table the sink would create must fit the columns
            config.partitioning().spec(IcebergSchemas.of(columns));
        }
        if (request.files() != null && config.locationPath() != null && isLocal(config.locationPath())) {
            request.files().resolve(config.locationPath());
        }
        return new ConnectorTable(request.name(), SinkConfig.NAME, config.toOptions(), columns, Set.of(TableRole.SINK),
                false);
    }

    private static boolean isLocal(String location) {
        return location.startsWith("file:") || location.startsWith("/");
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        Options options = new Options(SinkConfig.NAME, table.options());
        SinkConfig config = SinkConfig.parse(options);
        options.checkAllKnown();
        IcebergSchemas.of(table.schema());
        return new IcebergSink(table.name(), config, table.schema(), catalogs, nanoClock, System::currentTimeMillis);
    }

    private static String resource(String name) {
        try (InputStream in = IcebergConnector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the iceberg bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
