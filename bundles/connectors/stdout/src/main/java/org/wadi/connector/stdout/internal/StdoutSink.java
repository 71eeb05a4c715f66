package org.wadi.connector.stdout.internal;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.wadi.formats.DebeziumJsonEncoder;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.JsonRowEncoder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;

/**
 * Prints rows as JSON lines: plain JSON objects, or Debezium change events when the format is
 * {@code debezium_json} or, without a format, when the rows are updating. Lines are gathered and
 * written with one flush per batch (at most {@value #MAX_ROWS} rows, or the rows of
 * {@value #MAX_DELAY_MILLIS} ms), not one system call per row; a checkpoint, the end of the input
 * and closing flush what is left.
 */
final class StdoutSink implements Sink {

    static final int MAX_ROWS = 64;
    static final long MAX_DELAY_MILLIS = 100;

    private final String table;
    private final Schema schema;
    private final JsonFormat format;
    private final boolean formatGiven;
    private final Supplier<PrintStream> stdout;
    private final StringBuilder pending = new StringBuilder(8192);
    private final DebeziumJsonEncoder.Events printer = (json, row) -> print(json);
    private JsonRowEncoder encoder;
    private DebeziumJsonEncoder changes;
    private PrintStream out;
    private int rows;
    private long lastFlush;

    /**
     * @param format the table's format
     * @param formatGiven whether the table names its format; if not, updating rows are printed as
     *     Debezium change events
     */
    StdoutSink(String table, Schema schema, JsonFormat format, boolean formatGiven, Supplier<PrintStream> stdout) {
        this.table = table;
        this.schema = schema;
        this.format = format;
        this.formatGiven = formatGiven;
        this.stdout = stdout;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws ConnectorException {
        boolean updating = context.updating();
        JsonFormat f = formatGiven ? format : format.withDebezium(updating);
        f.checkWritable(StdoutConnector.NAME, table, updating);
        if (f.debezium()) {
            changes = new DebeziumJsonEncoder(schema, f, updating);
        } else {
            encoder = new JsonRowEncoder(schema, f);
        }
        out = stdout.get();
        lastFlush = System.nanoTime();
    }

    @Override
    public void write(Object[] row) throws Exception {
        if (changes != null) {
            changes.encode(row, printer);
        } else {
            print(encoder.encode(row));
        }
    }

    private void print(String line) {
        pending.append(line).append('\n');
        rows++;
        if (rows >= MAX_ROWS || System.nanoTime() - lastFlush >= TimeUnit.MILLISECONDS.toNanos(MAX_DELAY_MILLIS)) {
            flush();
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

    @Override
    public void close() {
        if (out != null) {
            flush();
        }
    }

    /** Prints an update's old row still waiting for its new one, as a delete. */
    private void flushChanges() throws Exception {
        if (changes != null) {
            changes.flush(printer);
        }
    }

    private void flush() {
        if (rows > 0) {
            out.print(pending);
            pending.setLength(0);
            rows = 0;
        }
        out.flush();
        lastFlush = System.nanoTime();
    }
}
