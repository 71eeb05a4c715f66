package org.wadi.connector.iceberg.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * Iceberg's output stream over a buffered one, counting the bytes written (its position); closing
 * it once runs {@link #complete}, where a file is synced or uploaded.
 */
abstract class CountingOutputStream extends PositionOutputStream {

    protected final OutputStream out;
    private long pos;
    private boolean closed;

    CountingOutputStream(OutputStream target) {
        this.out = new BufferedOutputStream(target, 64 * 1024);
    }

    @Override
    public long getPos() {
        return pos;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        pos += len;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public final void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        complete();
    }

    /** What closing does, once: flush and close {@link #out}, and make the file durable. */
    protected abstract void complete() throws IOException;
}
