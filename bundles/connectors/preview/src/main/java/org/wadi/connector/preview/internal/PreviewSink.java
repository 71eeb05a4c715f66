package org.wadi.connector.preview.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.formats.DebeziumJsonEncoder;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.JsonRowEncoder;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;

/**
 * Sends rows as JSON objects to the controller: appended rows as plain JSON objects, updating
 * results as Debezium change events (see {@link PreviewConnector}). Rows are batched: a batch
 * goes out when it holds {@value #MAX_ROWS} rows, when its first row is {@value #MAX_DELAY_MILLIS}
 * ms old (a timer thread of this sink sends it, so a slow stream's rows are not held back until
 * the next checkpoint), and at checkpoints, the end of the input and close. {@code sendOutput} may
 * therefore be called from that timer thread, never concurrently for one sink.
 */
final class PreviewSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(PreviewSink.class);

    static final int MAX_ROWS = 64;
    static final long MAX_DELAY_MILLIS = 100;

    private final Schema schema;
    private final DebeziumJsonEncoder.Events send = (json, row) -> add(json);
    private final Object lock = new Object();
    private JsonRowEncoder encoder;
    private DebeziumJsonEncoder changes;
    private List<String> pending = new ArrayList<>(MAX_ROWS);
    private long firstPendingAt;
    private SinkContext context;
    private ScheduledExecutorService timer;

    PreviewSink(Schema schema) {
        this.schema = schema;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) {
        if (context.updating()) {
            changes = new DebeziumJsonEncoder(schema, JsonFormat.DEFAULT.withDebezium(true), true);
        } else {
            encoder = new JsonRowEncoder(schema);
        }
        this.context = context;
        String name = "wadi-preview-" + context.task().operatorId() + "-" + context.task().subtaskIndex();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::flushIfDue, MAX_DELAY_MILLIS, MAX_DELAY_MILLIS / 2, TimeUnit.MILLISECONDS);
    }

    @Override
    public void write(Object[] row) throws Exception {
        if (changes != null) {
            changes.encode(row, send);
        } else {
            add(encoder.encode(row));
        }
    }

    private void add(String json) {
        synchronized (lock) {
            if (pending.isEmpty()) {
                firstPendingAt = System.nanoTime();
            }
            pending.add(json);
            if (pending.size() >= MAX_ROWS) {
                flushLocked();
            }
        }
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        flushChanges();
        flush();
        return null;
    }

    @Override
    public void finish() throws Exception {
        flushChanges();
        flush();
    }

    /** Sends an update's old row still waiting for its new one, as a delete. */
    private void flushChanges() throws Exception {
        if (changes != null) {
            changes.flush(send);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (context != null) {
            flush();
        }
    }

    private void flush() {
        synchronized (lock) {
            flushLocked();
        }
    }

    private void flushIfDue() {
        try {
            synchronized (lock) {
                if (!pending.isEmpty()
                        && System.nanoTime() - firstPendingAt >= TimeUnit.MILLISECONDS.toNanos(MAX_DELAY_MILLIS)) {
                    flushLocked();
                }
            }
        } catch (RuntimeException e) {
            // a failing send must not kill the timer; the next write or checkpoint tries again
            LOG.warn("preview sink could not send output: {}", e.toString());
        }
    }

    private void flushLocked() {
        if (pending.isEmpty()) {
            return;
        }
        List<String> batch = pending;
        pending = new ArrayList<>(MAX_ROWS);
        context.sendOutput(batch);
    }
}
