package org.wadi.itests.testgen;

import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * The connector {@code testgen} of the deploy tests: a bounded source of the rows {@code n = 0 …
 * row_total-1}, split across subtasks. It is packed into a bundle by {@link TestGenBundle} and dropped
 * into {@code deploy/}; its DS descriptor is {@code testgen/OSGI-INF/testgen.xml}.
 */
public final class TestGenConnector implements Connector {

    public static final String NAME = "testgen";
    /** Rows to emit, over all subtasks (not "count": a reserved word in SQL). */
    public static final String COUNT = "row_total";
    /** A text each subtask logs at WARN when it opens (optional): a connector's warning for the job's errors. */
    public static final String WARNING = "warning";
    static final Schema SCHEMA = Schema.of(new Field("n", DataType.INT64, false));

    @Override
    public ConnectorMetadata metadata() {
        return new ConnectorMetadata(NAME, "Test generator", "", "Rows 0 to count-1, for Wadi's integration tests",
                true, false, false, false, false, true, null, null);
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        Options options = request.options();
        long count = options.requiredLong(COUNT);
        String warning = options.optional(WARNING).orElse("");
        options.checkAllKnown();
        return new ConnectorTable(request.name(), NAME, Map.of(COUNT, Long.toString(count), WARNING, warning), SCHEMA,
                Set.of(TableRole.SOURCE), true);
    }

    @Override
    public Source createSource(ConnectorTable table) {
        return new CountingSource(Long.parseLong(table.option(COUNT)), table.option(WARNING));
    }

    static final class CountingSource implements Source {

        private final long count;
        private final String warning;
        private long next;
        private long step;

        CountingSource(long count, String warning) {
            this.count = count;
            this.warning = warning;
        }

        @Override
        public void open(SourceContext context) {
            next = context.task().subtaskIndex();
            step = context.task().parallelism();
            if (warning != null && !warning.isEmpty()) {
                LoggerFactory.getLogger(TestGenConnector.class).warn("{} (subtask {})", warning,
                        context.task().subtaskIndex());
            }
        }

        @Override
        public SourceStatus poll(Collector out) {
            for (int i = 0; i < 100 && next < count; i++, next += step) {
                out.collect(new Object[] {next, System.currentTimeMillis() * 1_000_000L});
            }
            return next < count ? SourceStatus.ACTIVE : SourceStatus.FINISHED;
        }
    }
}
