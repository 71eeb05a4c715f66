package org.wadi.worker.internal.state;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Reads what a {@link StateWriter} wrote, from a stream (a state object being downloaded). */
public final class StateReader implements AutoCloseable {

    private final InputStream in;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    public StateReader(InputStream in) {
        this.in = in;
        buffer.limit(0);
    }

    public StateReader(byte[] bytes) {
        this(new java.io.ByteArrayInputStream(bytes));
    }

    /** Makes at least {@code n} (at most the buffer's capacity) bytes available. */
    private ByteBuffer need(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return buffer;
        }
        buffer.compact();
        while (buffer.position() < n) {
            int r = in.read(buffer.array(), buffer.position(), buffer.capacity() - buffer.position());
            if (r < 0) {
                throw new EOFException("the state ends early: " + n + " more bytes expected");
            }
            buffer.position(buffer.position() + r);
        }
        buffer.flip();
        return buffer;
    }

    public int readByte() throws IOException {
        return need(1).get();
    }

    public boolean readBoolean() throws IOException {
        return readByte() != 0;
    }

    public int readInt() throws IOException {
        return need(4).getInt();
    }

    public long readLong() throws IOException {
        return need(8).getLong();
    }

    public double readDouble() throws IOException {
        return need(8).getDouble();
    }

    public void readBytes(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            ByteBuffer buf = need(1);
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            off += n;
            len -= n;
        }
    }

    public void readLongs(long[] a, int off, int n) throws IOException {
        while (n > 0) {
            ByteBuffer buf = need(8);
            int k = Math.min(n, buf.remaining() / 8);
            buf.asLongBuffer().get(a, off, k);
            buf.position(buf.position() + k * 8);
            off += k;
            n -= k;
        }
    }

    public void readDoubles(double[] a, int off, int n) throws IOException {
        while (n > 0) {
            ByteBuffer buf = need(8);
            int k = Math.min(n, buf.remaining() / 8);
            buf.asDoubleBuffer().get(a, off, k);
            buf.position(buf.position() + k * 8);
            off += k;
            n -= k;
        }
    }

    public void readInts(int[] a, int off, int n) throws IOException {
        while (n > 0) {
            ByteBuffer buf = need(4);
            int k = Math.min(n, buf.remaining() / 4);
            buf.asIntBuffer().get(a, off, k);
            buf.position(buf.position() + k * 4);
            off += k;
            n -= k;
        }
    }

    /** Everything not read yet, in one array (a connector's opaque state). */
    public byte[] readRemaining() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(buffer.array(), buffer.position(), buffer.remaining());
        buffer.position(buffer.limit());
        in.transferTo(out);
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Fails unless everything was read: a state longer than its reader expects was misread. */
    public void expectEnd(String what) throws IOException {
        if (buffer.hasRemaining() || in.read() >= 0) {
            throw new IOException("the state of " + what + " has more bytes than it describes");
        }
    }
}
