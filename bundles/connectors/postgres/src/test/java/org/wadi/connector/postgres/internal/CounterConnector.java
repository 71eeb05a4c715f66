package org.wadi.connector.postgres.internal;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.types.Schema;

/**
 * A test source {@code counter}: subtask 0 emits rows {@code (id, id % 7)} for ids up to a limit
 * the test raises, its next id kept in checkpoint state — an append-only input whose every row
 * must reach a sink exactly once.
 */
final class CounterConnector implements Connector {

    /** Ids below this may be emitted. */
    final AtomicLong limit = new AtomicLong();
    /** The next id the running source emits. */
    final AtomicLong next = new AtomicLong();

    @Override
    public ConnectorMetadata metadata() {
        return new ConnectorMetadata("counter", "Counter", null, null, true, false, false, true, false, true, null, null);
    }

    @Override
    public ConnectorTable table(TableRequest request) throws org.wadi.spi.connector.ConnectorException {
        request.options().checkAllKnown();
        return new ConnectorTable(request.name(), "counter", java.util.Map.of(), request.columns().visible(),
                Set.of(TableRole.SOURCE), false);
    }

    @Override
    public Source createSource(ConnectorTable table) {
        Schema schema = table.schema();
        return new Source() {
            boolean reading;

            @Override
            public void open(SourceContext context) {
                reading = context.task().subtaskIndex() == 0;
                if (reading) {
                    byte[] state = context.restoredState();
                    next.set(state == null ? 0 : ByteBuffer.wrap(state).getLong());
                }
            }

            @Override
            public SourceStatus poll(Collector out) {
                if (!reading) {
                    return SourceStatus.IDLE;
                }
                int n = 0;
                while (n < 100 && next.get() < limit.get()) {
                    long id = next.getAndIncrement();
                    Object[] row = new Object[schema.size() + 1];
                    row[0] = id;
                    if (schema.size() > 1) {
                        row[1] = id % 7;
                    }
                    row[schema.size()] = id * 1_000_000L;
                    out.collect(row);
                    n++;
                }
                return n > 0 ? SourceStatus.ACTIVE : SourceStatus.IDLE;
            }

            @Override
            public byte[] snapshot(long epoch) {
                return reading ? ByteBuffer.allocate(8).putLong(next.get()).array() : null;
            }
        };
    }
}
