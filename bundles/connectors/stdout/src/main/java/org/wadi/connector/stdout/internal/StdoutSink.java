package org.wadi.connector.stdout.internal;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.JsonRowEncoder;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;

/**
 * Prints rows as JSON lines. Lines are gathered and written with one flush per batch (at most
 * {@value #MAX_ROWS} rows, or the rows of {@value #MAX_DELAY_MILLIS} ms), not one system call per
 * row; a checkpoint, the end of the input and closing flush what is left.
 */
final class StdoutSink implements Sink {

    static final int MAX_ROWS = 64;
    static final long MAX_DELAY_MILLIS = 100;

    private final JsonRowEncoder encoder;
    private final Supplier<PrintStream> stdout;
    private final StringBuilder pending = new StringBuilder(8192);
    private PrintStream out;
    private int rows;
    private long lastFlush;

    StdoutSink(Schema schema, JsonFormat format, Supplier<PrintStream> stdout) {
        this.encoder = new JsonRowEncoder(schema, format);
        this.stdout = stdout;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) {
        out = stdout.get();
        lastFlush = System.nanoTime();
    }

    @Override
    public void write(Object[] row) {
        pending.append(encoder.encode(row)).append('\n');
        rows++;
        if (rows >= MAX_ROWS || System.nanoTime() - lastFlush >= TimeUnit.MILLISECONDS.toNanos(MAX_DELAY_MILLIS)) {
            flush();
        }
    }

    @Override
    public byte[] preCommit(long epoch) {
        flush();
        return null;
    }

    @Override
    public void finish() {
        flush();
    }

    @Override
    public void close() {
        if (out != null) {
            flush();
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
