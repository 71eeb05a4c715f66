package org.wadi.worker.internal.runtime;

import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;

/** A sink operator: the end of a chain, driving the connector's {@link Sink}. */
final class SinkOutput implements RowOutput, Lifecycle {

    private final String table;
    private final Sink sink;
    private final SinkContext context;

    SinkOutput(String table, Sink sink, SinkContext context) {
        this.table = table;
        this.sink = sink;
        this.context = context;
    }

    @Override
    public void open() throws Exception {
        try {
            sink.open(context, null);
        } catch (Exception e) {
            throw new TaskFailure("sink '" + table + "' could not be opened: " + TaskFailure.describe(e), "user", e);
        }
    }

    @Override
    public void collect(Object[] row) {
        try {
            sink.write(row);
        } catch (CancelledException | TaskFailure e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                throw new CancelledException();
            }
            throw new TaskFailure("writing to '" + table + "' failed: " + TaskFailure.describe(e), "user", e);
        }
    }

    @Override
    public void watermark(long watermark) {
        // sinks write rows as they come; event time does not concern them
    }

    @Override
    public void flush() {
        // the connector decides when to flush its own buffers
    }

    @Override
    public void finish() {
        try {
            sink.finish();
        } catch (Exception e) {
            throw new TaskFailure("finishing '" + table + "' failed: " + TaskFailure.describe(e), "user", e);
        }
    }

    @Override
    public void close() throws Exception {
        sink.close();
    }
}
