package org.wadi.worker.internal.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The three kinds of state writer write the same bytes: in memory, deferred (written later into a
 * channel through one direct buffer, across many buffer boundaries), and read back alike.
 */
class StateWriterTest {

    /** Values of every kind, over several buffers' worth of bytes ({@link StateWriter#CHUNK} is 1 MiB). */
    static final int N = 300_000;

    static void writeEverything(StateWriter out) {
        long[] longs = new long[N];
        double[] doubles = new double[N];
        int[] ints = new int[N];
        for (int i = 0; i < N; i++) {
            longs[i] = i * 0x9E3779B97F4A7C15L;
            doubles[i] = i / 7.0;
            ints[i] = -i;
        }
        out.writeInt(0xCAFE);
        out.writeByte(-3);
        out.writeBoolean(true);
        out.writeLongs(longs, 0, N);
        // odd sizes, so that later values straddle the buffers' ends
        out.writeBytes(new byte[] {1, 2, 3}, 0, 3);
        out.writeDoubles(doubles, 1, N - 1);
        out.writeInts(ints, 0, N);
        out.writeLong(Long.MIN_VALUE);
        out.writeDouble(Math.PI);
        Values.write(out, List.of("text", 42L, new byte[] {9}));
        byte[] big = new byte[3 * StateWriter.CHUNK + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        out.writeBytes(big, 0, big.length);
        Values.writeColumn(out, new Object[] {"a", "b", "c"}, 0, 1, 3);
    }

    static void readEverything(StateReader in) throws IOException {
        assertEquals(0xCAFE, in.readInt());
        assertEquals(-3, in.readByte());
        assertTrue(in.readBoolean());
        long[] longs = new long[N];
        in.readLongs(longs, 0, N);
        byte[] three = new byte[3];
        in.readBytes(three, 0, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, three);
        double[] doubles = new double[N];
        in.readDoubles(doubles, 1, N - 1);
        int[] ints = new int[N];
        in.readInts(ints, 0, N);
        for (int i = 0; i < N; i++) {
            assertEquals(i * 0x9E3779B97F4A7C15L, longs[i]);
            assertEquals(i == 0 ? 0.0 : i / 7.0, doubles[i]);
            assertEquals(-i, ints[i]);
        }
        assertEquals(Long.MIN_VALUE, in.readLong());
        assertEquals(Math.PI, in.readDouble());
        List<?> list = (List<?>) Values.read(in);
        assertEquals("text", list.get(0));
        assertEquals(42L, list.get(1));
        assertArrayEquals(new byte[] {9}, (byte[]) list.get(2));
        byte[] big = new byte[3 * StateWriter.CHUNK + 17];
        in.readBytes(big, 0, big.length);
        for (int i = 0; i < big.length; i++) {
            if (big[i] != (byte) i) {
                throw new AssertionError("byte " + i + " differs");
            }
        }
        Object[] column = new Object[3];
        Values.readColumn(in, column, 0, 1, 3);
        assertArrayEquals(new Object[] {"a", "b", "c"}, column);
        in.expectEnd("the test state");
    }

    /** A channel that takes at most 1000 bytes a call, as a slow file or socket may. */
    static WritableByteChannel trickling(ByteArrayOutputStream sink) {
        WritableByteChannel out = Channels.newChannel(sink);
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                ByteBuffer part = src.slice();
                part.limit(Math.min(part.limit(), 1000));
                int n = out.write(part);
                src.position(src.position() + n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aDeferredStateWritesTheSameBytesIntoAChannelAsAnInMemoryOne() throws IOException {
        StateWriter inMemory = new StateWriter();
        writeEverything(inMemory);
        byte[] expected = inMemory.toByteArray();
        readEverything(new StateReader(expected));

        AtomicInteger runs = new AtomicInteger();
        StateWriter deferred = StateWriter.deferred(out -> {
            runs.incrementAndGet();
            writeEverything(out);
        });
        assertTrue(deferred.isDeferred());
        assertEquals(0, runs.get(), "nothing is written before the state is stored");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertEquals(expected.length, deferred.writeTo(trickling(sink)));
        assertArrayEquals(expected, sink.toByteArray());

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(expected.length, inMemory.writeTo(Channels.newChannel(again)));
        assertArrayEquals(expected, again.toByteArray());
        assertFalse(inMemory.isDeferred());
    }

    @Test
    void aDeferredStateIsWrittenIntoMemoryWhenItsSizeOrBytesAreAsked() throws IOException {
        AtomicInteger runs = new AtomicInteger();
        StateWriter deferred = StateWriter.deferred(out -> {
            runs.incrementAndGet();
            out.writeLong(7);
            out.writeInt(8);
        });
        assertEquals(12, deferred.size());
        assertEquals(12, deferred.toByteArray().length);
        try (StateReader in = new StateReader(deferred.stream())) {
            assertEquals(7, in.readLong());
            assertEquals(8, in.readInt());
            in.expectEnd("the test state");
        }
        assertEquals(1, runs.get(), "written into memory once");
    }

    @Test
    void aDeferredStateRefusesDirectWritesAndPassesItsBodysFailureOn() {
        StateWriter deferred = StateWriter.deferred(out -> out.writeInt(1));
        IllegalStateException direct = assertThrows(IllegalStateException.class, () -> deferred.writeLong(1));
        assertTrue(direct.getMessage().contains("deferred"), direct.getMessage());

        StateWriter failing = StateWriter.deferred(out -> {
            out.writeLongs(new long[StateWriter.CHUNK], 0, StateWriter.CHUNK);
            throw new IOException("the body failed on purpose");
        });
        IOException e = assertThrows(IOException.class,
                () -> failing.writeTo(Channels.newChannel(new ByteArrayOutputStream())));
        assertEquals("the body failed on purpose", e.getMessage());

        StateWriter brokenChannel = StateWriter.deferred(out -> out.writeLongs(new long[StateWriter.CHUNK], 0,
                StateWriter.CHUNK));
        IOException io = assertThrows(IOException.class, () -> brokenChannel.writeTo(new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                throw new IOException("disk full on purpose");
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        }));
        assertEquals("disk full on purpose", io.getMessage());
    }
}
