package org.wadi.bench.nexmark;

import java.util.concurrent.atomic.AtomicLong;
import org.wadi.connector.blackhole.internal.BlackholeConnector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.types.RowKind;

/**
 * Wadi's {@code blackhole} connector with the number of rows its sinks swallowed made readable, as
 * a check that a query produced what it should (the connector keeps its count to itself). Each sink
 * counts in a plain field, added up once when it finishes, so the per-row cost stays that of the
 * real blackhole plus one increment. For updating results it counts the rows the changelog nets
 * to (inserts minus deletes; an update's two halves cancel), as Flink's verify counts its final table.
 */
final class CountingBlackhole implements Connector {

    private final BlackholeConnector blackhole = new BlackholeConnector();
    private final AtomicLong rows = new AtomicLong();

    @Override
    public ConnectorMetadata metadata() {
        return blackhole.metadata();
    }

    @Override
    public ConnectorTable table(TableRequest request) throws ConnectorException {
        return blackhole.table(request);
    }

    @Override
    public Sink createSink(ConnectorTable table) throws ConnectorException {
        Sink sink = blackhole.createSink(table);
        return new Sink() {
            private long n;
            private boolean updating;

            @Override
            public void open(SinkContext context, byte[] restoredState) throws Exception {
                updating = context.updating();
                sink.open(context, restoredState);
            }

            @Override
            public void write(Object[] row) throws Exception {
                if (!updating) {
                    n++;
                } else {
                    int op = (Integer) row[row.length - 2];
                    n += op == RowKind.INSERT ? 1 : op == RowKind.DELETE ? -1 : 0;
                }
                sink.write(row);
            }

            @Override
            public void finish() throws Exception {
                rows.addAndGet(n);
                sink.finish();
            }

            @Override
            public void close() throws Exception {
                sink.close();
            }
        };
    }

    /** Rows written by the sinks that finished since the last reset. */
    long rows() {
        return rows.get();
    }

    void reset() {
        rows.set(0);
    }
}
