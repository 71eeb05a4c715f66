package org.wadi.worker.internal.state;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bytes of one operator's snapshot: primitives big-endian, arrays of primitives in bulk. Read
 * back with {@link StateReader}. Three kinds:
 * <ul>
 *   <li>in memory ({@link #StateWriter()}, {@link #of}): written now, kept in chunks of up to
 *       {@value #CHUNK} bytes so that large state is never copied into ever larger arrays;
 *   <li>deferred ({@link #deferred}): the operator captured its state at the barrier, and the
 *       uploader writes it later with {@link #writeTo}, streaming the bytes to the store through
 *       one direct buffer, so that the task thread does not serialise and no copy of the whole
 *       state is held in memory;
 *   <li>streaming: what a deferred state's {@link Body} writes into — the same methods, each full
 *       buffer going to the channel.
 * </ul>
 * Not thread-safe: the task thread writes an in-memory state (or captures a deferred one), then
 * hands it to the uploader, which only reads it.
 */
public final class StateWriter {

    static final int CHUNK = 1 << 20;

    /** Writes a captured state into a writer; it may run more than once, on another thread than the capture. */
    @FunctionalInterface
    public interface Body {
        void writeTo(StateWriter out) throws IOException;
    }

    /** In memory: the chunks, the last one {@link #current}; {@code null} when streaming. */
    private List<ByteBuffer> chunks;
    /** Streaming: where full buffers go; {@code null} in memory. */
    private final WritableByteChannel channel;
    /** Deferred: what writes the state; {@code null} otherwise. */
    private final Body body;
    private ByteBuffer current;
    /** Bytes before {@link #current}: in earlier chunks, or already sent to the channel. */
    private long size;

    public StateWriter() {
        this.chunks = new ArrayList<>();
        this.channel = null;
        this.body = null;
        next(0);
    }

    private StateWriter(WritableByteChannel channel, ByteBuffer buffer) {
        this.channel = channel;
        this.body = null;
        this.current = buffer;
    }

    private StateWriter(Body body) {
        this.channel = null;
        this.body = body;
        this.current = ByteBuffer.allocate(0);
    }

    /** A writer holding exactly {@code bytes} (a connector's opaque state). */
    public static StateWriter of(byte[] bytes) {
        StateWriter w = new StateWriter();
        w.writeBytes(bytes, 0, bytes.length);
        return w;
    }

    /**
     * A state that {@code body} writes later, when it is stored: the operator captured at the
     * barrier what the body needs (and must not change it afterwards). Writing into the returned
     * writer directly is refused.
     */
    public static StateWriter deferred(Body body) {
        return new StateWriter(body);
    }

    private void next(int atLeast) {
        if (body != null) {
            throw new IllegalStateException("a deferred state is written by its body, not into directly");
        }
        if (channel != null) {
            flushCurrent();
            if (current.capacity() < atLeast) {
                current = ByteBuffer.allocateDirect(atLeast);
            }
            return;
        }
        // small states stay small; chunks grow fourfold up to CHUNK for large ones
        int capacity = 256;
        if (current != null) {
            size += current.position();
            capacity = (int) Math.min(CHUNK, current.capacity() * 4L);
        }
        current = ByteBuffer.allocate(Math.max(atLeast, capacity));
        chunks.add(current);
    }

    /** Streaming: sends what the buffer holds to the channel and empties it. */
    private void flushCurrent() {
        current.flip();
        try {
            while (current.hasRemaining()) {
                channel.write(current);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        size += current.limit();
        current.clear();
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

    /** Whether this is a {@link #deferred} state, written only when stored. */
    public boolean isDeferred() {
        return body != null;
    }

    /**
     * Writes the whole state into {@code out}: an in-memory state's chunks, or a deferred state's
     * body streamed through one direct buffer of {@value #CHUNK} bytes.
     *
     * @return the number of bytes written
     */
    public long writeTo(WritableByteChannel out) throws IOException {
        if (channel != null) {
            throw new IllegalStateException("a streaming state has already gone to its channel");
        }
        if (body != null && chunks == null) {
            StateWriter streaming = new StateWriter(out, ByteBuffer.allocateDirect(CHUNK));
            try {
                body.writeTo(streaming);
                streaming.flushCurrent();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return streaming.size;
        }
        long total = 0;
        for (ByteBuffer b : chunks) {
            ByteBuffer bytes = ByteBuffer.wrap(b.array(), 0, b.position());
            while (bytes.hasRemaining()) {
                total += out.write(bytes);
            }
        }
        return total;
    }

    /** A deferred state, written into memory now (for callers that need its size or bytes). */
    private void materialize() {
        if (body == null || chunks != null) {
            return;
        }
        StateWriter inMemory = new StateWriter();
        try {
            body.writeTo(inMemory);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a deferred state failed", e);
        }
        chunks = inMemory.chunks;
        current = inMemory.current;
        size = inMemory.size;
    }

    /** The number of bytes written (a deferred state is written into memory first). */
    public long size() {
        materialize();
        return size + current.position();
    }

    /** The bytes, as a stream (the chunks are not copied; a deferred state is written into memory first). */
    public InputStream stream() {
        materialize();
        requireInMemory();
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
        materialize();
        requireInMemory();
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

    private void requireInMemory() {
        if (chunks == null) {
            throw new IllegalStateException("a streaming state has already gone to its channel");
        }
    }
}
