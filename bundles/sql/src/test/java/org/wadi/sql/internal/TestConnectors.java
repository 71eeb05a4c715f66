package org.wadi.sql.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** Small hand-written connectors in the shape of Wadi's real ones. */
final class TestConnectors {

    private TestConnectors() {
    }

    /** Paths are accepted under /data only. */
    static final FileAccess FILES = path -> {
        String p = path.startsWith("file://") ? path.substring("file://".length()) : path;
        if (!p.startsWith("/data/")) {
            throw new ConnectorException("Path '" + path + "' is outside the file roots: /data");
        }
        return java.nio.file.Path.of(p);
    };

    static ConnectorLookup lookup() {
        Map<String, Connector> all = new LinkedHashMap<>();
        for (Connector c : List.of(new Impulse(), new FileSink(), new Blackhole(), new Preview(), new Lookup())) {
            all.put(c.metadata().id(), c);
        }
        return ConnectorLookup.of(all);
    }

    static ConnectorLookup withoutPreview() {
        Map<String, Connector> all = new LinkedHashMap<>();
        for (Connector c : List.of(new Impulse(), new FileSink())) {
            all.put(c.metadata().id(), c);
        }
        return ConnectorLookup.of(all);
    }

    private static ConnectorMetadata meta(String id, boolean source, boolean sink) {
        return new ConnectorMetadata(id, id, "", id + " for tests", source, sink, false, !source, false, false,
                null, null);
    }

    /** Like Arroyo's impulse: a fixed schema of two counters. */
    static final class Impulse implements Connector {
        static final Schema SCHEMA = Schema.of(
                new Field("counter", DataType.UINT64, false),
                new Field("subtask_index", DataType.UINT64, false));

        @Override
        public ConnectorMetadata metadata() {
            return meta("impulse", true, false);
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            Options o = request.options();
            double rate = o.doubleValue("event_rate", 1.0);
            long count = o.longValue("message_count", -1);
            o.checkAllKnown();
            Map<String, String> options = new LinkedHashMap<>();
            options.put("event_rate", Double.toString(rate));
            if (count >= 0) {
                options.put("message_count", Long.toString(count));
            }
            return new ConnectorTable(request.name(), "impulse", options, SCHEMA, Set.of(TableRole.SOURCE),
                    count >= 0);
        }
    }

    /** Like single_file: a sink with the declared columns, writing to a path inside the file roots. */
    static final class FileSink implements Connector {
        @Override
        public ConnectorMetadata metadata() {
            return meta("single_file", true, true);
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            Options o = request.options();
            String path = request.files().resolve(o.required("path")).toString();
            String type = o.choice("type", "sink", "source", "sink");
            String format = o.choice("format", "json", "json", "debezium_json");
            o.checkAllKnown();
            if (request.columns().size() == 0) {
                throw new ConnectorException("Table '" + request.name() + "' needs its columns declared");
            }
            return new ConnectorTable(request.name(), "single_file", Map.of("path", path, "type", type, "format", format),
                    request.columns(), Set.of(type.equals("source") ? TableRole.SOURCE : TableRole.SINK), true);
        }
    }

    /** A sink only: reading from it is an error. */
    static final class Blackhole implements Connector {
        @Override
        public ConnectorMetadata metadata() {
            return meta("blackhole", false, true);
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            request.options().checkAllKnown();
            return new ConnectorTable(request.name(), "blackhole", Map.of(), request.columns(),
                    Set.of(TableRole.SINK), false);
        }
    }

    /** The preview sink: takes whatever columns the query produces. */
    static final class Preview implements Connector {
        @Override
        public ConnectorMetadata metadata() {
            return meta("preview", false, true);
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            request.options().checkAllKnown();
            return new ConnectorTable(request.name(), "preview", Map.of(), request.columns(),
                    Set.of(TableRole.SINK), false);
        }
    }

    /** Like redis's lookup tables: the declared columns, served by primary key; remembers the last request. */
    static final class Lookup implements Connector {
        static volatile TableRequest last;

        @Override
        public ConnectorMetadata metadata() {
            return meta("lookup", false, false);
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            last = request;
            Options o = request.options();
            String type = o.choice("type", null, "lookup");
            o.checkAllKnown();
            if (type == null) {
                throw new ConnectorException("Missing required option 'type' for connector 'lookup'");
            }
            return new ConnectorTable(request.name(), "lookup", Map.of("type", type), request.columns(),
                    Set.of(TableRole.LOOKUP), false);
        }
    }
}
