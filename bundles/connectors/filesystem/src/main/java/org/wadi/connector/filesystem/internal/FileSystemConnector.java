package org.wadi.connector.filesystem.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Component;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.Schema;

/**
 * The {@code filesystem} connector, as Arroyo's: writes a table into a folder as JSON-lines files,
 * exactly once (see {@link FileSystemSink}), with Arroyo's rolling, naming and partitioning
 * options. For now only local folders (a plain path or {@code file:///…}, confined to the file
 * roots) and only sinks in JSON ({@code json}, or {@code debezium_json}, which updating results
 * need); object stores, Parquet and reading are refused with a message saying so.
 */
@Component(service = Connector.class, property = Connector.NAME_PROPERTY + "=" + FileSystemConnector.NAME)
public final class FileSystemConnector implements Connector {

    static final String NAME = "filesystem";

    private final ConnectorMetadata metadata = new ConnectorMetadata(NAME, "FileSystem", "",
            "Write JSON files into a local folder, exactly once", false, true, false, true, false, false, null,
            resource("table.json"));

    private final LongSupplier nanoClock;
    private final LongSupplier epochMillis;
    private final boolean fsync;

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
        // columns may be left to the query; then the fields are checked when the sink is created
        if (columns.size() > 0) {
            Partitioner.checkFields(config.partitionFields(), columns);
        }
        if (request.files() != null) {
            // refuse folders outside the roots when the table is defined, not only when a job runs
            request.files().resolve(config.path());
        }
        return new ConnectorTable(request.name(), NAME, config.toOptions(), columns, Set.of(TableRole.SINK), false);
    }

    @Override
    public Source createSource(ConnectorTable table) throws ConnectorException {
        throw new ConnectorException("filesystem table '" + table.name() + "' cannot be read: the filesystem "
                + "connector does not support type = 'source' yet");
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        Options options = new Options(NAME, table.options());
        SinkConfig config = SinkConfig.parse(options);
        options.checkAllKnown();
        Partitioner.checkFields(config.partitionFields(), table.schema());
        return new FileSystemSink(table.name(), config, table.schema(), nanoClock, epochMillis, fsync);
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
