package org.wadi.formats.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.types.Schema;

/**
 * Drives connectors in unit tests the way the planner and the workers do, without OSGi: resolves a
 * table, runs a source until it finishes, writes rows into a sink.
 */
public final class ConnectorHarness {

    private ConnectorHarness() {
    }

    /** A {@code FileAccess} confining every path to {@code root}, like the real one. */
    public static FileAccess confinedTo(Path root) {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pathOrUrl -> {
            String s = pathOrUrl.startsWith("file://") ? pathOrUrl.substring(7)
                    : pathOrUrl.startsWith("file:") ? pathOrUrl.substring(5) : pathOrUrl;
            Path p = realRoot.resolve(s).toAbsolutePath().normalize();
            Path existing = p;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            try {
                Path real = existing == null ? p : existing.toRealPath().resolve(existing.relativize(p));
                if (!real.startsWith(realRoot)) {
                    throw new ConnectorException("Path '" + pathOrUrl + "' is outside the allowed file roots ["
                            + realRoot + "]");
                }
                return real;
            } catch (IOException e) {
                throw new ConnectorException("Cannot resolve path '" + pathOrUrl + "': " + e.getMessage(), e);
            }
        };
    }

    /** A table request as the planner makes it. */
    public static TableRequest request(String connector, Schema columns, Map<String, String> options, FileAccess files) {
        return new TableRequest("t", columns, new Options(connector, options), files);
    }

    /** A table request without columns and without file roots. */
    public static TableRequest request(String connector, Map<String, String> options) {
        return request(connector, Schema.of(), options, null);
    }

    /** The task a source or sink runs as. */
    public record Task(String jobId, String operatorId, int subtaskIndex, int parallelism) implements TaskInfo {
        public static Task of(int subtask, int parallelism) {
            return new Task("job_test", "op_1", subtask, parallelism);
        }
    }

    /** A source context. */
    public record SourceCtx(TaskInfo task, FileAccess files, byte[] restoredState) implements SourceContext {
    }

    /** A sink context that records what the sink sends as output. */
    public static final class SinkCtx implements SinkContext {
        private final TaskInfo task;
        private final FileAccess files;
        private final boolean updating;
        private final List<List<String>> sent = Collections.synchronizedList(new ArrayList<>());

        /** The context of a sink of appended rows. */
        public SinkCtx(TaskInfo task, FileAccess files) {
            this(task, files, false);
        }

        /** @param updating whether the rows written are a changelog (columns, {@code _op}, {@code _timestamp}) */
        public SinkCtx(TaskInfo task, FileAccess files, boolean updating) {
            this.task = task;
            this.files = files;
            this.updating = updating;
        }

        @Override
        public boolean updating() {
            return updating;
        }

        @Override
        public TaskInfo task() {
            return task;
        }

        @Override
        public FileAccess files() {
            return files;
        }

        @Override
        public void sendOutput(List<String> jsonRows) {
            sent.add(List.copyOf(jsonRows));
        }

        /** The batches sent so far. */
        public List<List<String>> sent() {
            synchronized (sent) {
                return List.copyOf(sent);
            }
        }

        /** All rows sent so far, in order. */
        public List<String> sentRows() {
            return sent().stream().flatMap(List::stream).toList();
        }
    }

    /** A collector that keeps every row. */
    public static final class ListCollector implements Collector {
        public final List<Object[]> rows = new ArrayList<>();

        @Override
        public void collect(Object[] row) {
            rows.add(row);
        }
    }

    /**
     * Polls an opened source until it reports FINISHED.
     *
     * @param maxPolls a bound so that a broken source fails the test instead of hanging it
     */
    public static List<Object[]> drain(Source source, int maxPolls) throws Exception {
        ListCollector out = new ListCollector();
        for (int i = 0; i < maxPolls; i++) {
            if (source.poll(out) == SourceStatus.FINISHED) {
                return out.rows;
            }
        }
        throw new AssertionError("source did not finish within " + maxPolls + " polls; emitted " + out.rows.size());
    }

    /** Creates, opens and drains one subtask of a source, then closes it. */
    public static List<Object[]> readAll(Connector connector, ConnectorTable table, TaskInfo task, FileAccess files,
            byte[] restored, int maxPolls) throws Exception {
        Source source = connector.createSource(table);
        try {
            source.open(new SourceCtx(task, files, restored));
            return drain(source, maxPolls);
        } finally {
            source.close();
        }
    }

    /** Creates and opens a sink, writes the rows, finishes and closes it. */
    public static void writeAll(Connector connector, ConnectorTable table, SinkContext context, List<Object[]> rows)
            throws Exception {
        Sink sink = connector.createSink(table);
        try {
            sink.open(context, null);
            for (Object[] row : rows) {
                sink.write(row);
            }
            sink.finish();
        } finally {
            sink.close();
        }
    }
}
