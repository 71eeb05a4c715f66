package org.wadi.worker.internal.state;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bytes of one operator's snapshot, written in chunks of {@value #CHUNK} bytes so that large
 * state (hundreds of MB of window panes) is never copied into ever larger arrays: primitives
 * big-endian, arrays of primitives in bulk. Read back with {@link StateReader}. Not thread-safe:
 * the task thread writes it, then hands it to the uploader, which only reads.
 */
public final class StateWriter {

    static final int CHUNK = 1 << 20;

    private final List<ByteBuffer> chunks = new ArrayList<>();
    private ByteBuffer current;
    private long size;

    public StateWriter() {
        next(0);
    }

    /** A writer holding exactly {@code bytes} (a connector's opaque state). */
    public static StateWriter of(byte[] bytes) {
        StateWriter w = new StateWriter();
        w.writeBytes(bytes, 0, bytes.length);
        return w;
    }

    private void next(int atLeast) {
        // small states stay small; chunks grow fourfold up to CHUNK for large ones
        int capacity = 256;
        if (current != null) {
            size += current.position();
            capacity = (int) Math.min(CHUNK, current.capacity() * 4L);
        }
        current = ByteBuffer.allocate(Math.max(atLeast, capacity));
        chunks.add(current);
    }

    private ByteBuffer room(int n) {
        if (current.remaining() < n) {
            next(n);
        }
        return current;
    }

    public void writeByte(int v) {
        room(1).put((byte) v);
    }

    public void writeBoolean(boolean v) {
        writeByte(v ? 1 : 0);
    }

    public void writeInt(int v) {
        room(4).putInt(v);
    }

    public void writeLong(long v) {
        room(8).putLong(v);
    }

    public void writeDouble(double v) {
        room(8).putDouble(v);
    }

    public void writeBytes(byte[] b, int off, int len) {
        while (len > 0) {
            if (!current.hasRemaining()) {
                next(1);
            }
            int n = Math.min(len, current.remaining());
            current.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    /** {@code n} longs of {@code a} from index {@code off}, in bulk. */
    public void writeLongs(long[] a, int off, int n) {
        while (n > 0) {
            if (current.remaining() < 8) {
                next(8);
            }
            int k = Math.min(n, current.remaining() / 8);
            current.asLongBuffer().put(a, off, k);
            current.position(current.position() + k * 8);
            off += k;
            n -= k;
        }
    }

    /** {@code n} doubles of {@code a} from index {@code off}, in bulk. */
    public void writeDoubles(double[] a, int off, int n) {
        while (n > 0) {
            if (current.remaining() < 8) {
                next(8);
            }
            int k = Math.min(n, current.remaining() / 8);
            current.asDoubleBuffer().put(a, off, k);
            current.position(current.position() + k * 8);
            off += k;
            n -= k;
        }
    }

    /** {@code n} ints of {@code a} from index {@code off}, in bulk. */
    public void writeInts(int[] a, int off, int n) {
        while (n > 0) {
            if (current.remaining() < 4) {
                next(4);
            }
            int k = Math.min(n, current.remaining() / 4);
            current.asIntBuffer().put(a, off, k);
            current.position(current.position() + k * 4);
            off += k;
            n -= k;
        }
    }

    /** The number of bytes written. */
    public long size() {
        return size + current.position();
    }

    /** The bytes, as a stream (the chunks are not copied). */
    public InputStream stream() {
        List<InputStream> parts = new ArrayList<>(chunks.size());
        for (ByteBuffer b : chunks) {
            if (b.position() > 0) {
                parts.add(new ByteArrayInputStream(b.array(), 0, b.position()));
            }
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    /** The bytes in one array (for small states: connectors' own). */
    public byte[] toByteArray() {
        long total = size();
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a state of " + total + " bytes does not fit in one array");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (ByteBuffer b : chunks) {
            System.arraycopy(b.array(), 0, out, at, b.position());
            at += b.position();
        }
        return out;
    }
}
