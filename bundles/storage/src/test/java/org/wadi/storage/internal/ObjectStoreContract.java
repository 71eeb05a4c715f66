package org.wadi.storage.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.NoSuchObjectException;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.ObjectWriter;

/**
 * What every {@link ObjectStore} backend must do; each backend's test extends this with a fresh,
 * empty store per test.
 */
abstract class ObjectStoreContract {

    /** Above the S3 backend's multipart threshold (16 MiB), so that large puts go in parts. */
    static final int LARGE = 20 << 20;

    protected ObjectStore store;

    /** A new, empty store. */
    protected abstract ObjectStore newStore() throws IOException;

    @BeforeEach
    void open() throws IOException {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void putIfAbsentStoresOnlyTheFirstObject() throws IOException {
        assertTrue(store.putIfAbsent("log/00001.json", "first".getBytes(UTF_8)));
        assertFalse(store.putIfAbsent("log/00001.json", "second".getBytes(UTF_8)));
        assertEquals("first", new String(store.get("log/00001.json"), UTF_8));
        store.put("log/00002.json", "plain".getBytes(UTF_8));
        assertFalse(store.putIfAbsent("log/00002.json", "late".getBytes(UTF_8)), "an object put plainly counts too");
        assertEquals("plain", new String(store.get("log/00002.json"), UTF_8));
        assertEquals(List.of("log/00001.json", "log/00002.json"), store.list(""), "no probe or temporary object left");
    }

    @Test
    void ofWritersRacingForAKeyExactlyOneWins() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 5; round++) {
                String key = "race/" + round;
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    byte[] mine = ("writer " + w).getBytes(UTF_8);
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.putIfAbsent(key, mine);
                    }));
                }
                start.countDown();
                int won = -1;
                for (int w = 0; w < writers; w++) {
                    if (results.get(w).get(60, TimeUnit.SECONDS)) {
                        assertEquals(-1, won, "two writers stored " + key + ": " + won + " and " + w);
                        won = w;
                    }
                }
                assertTrue(won >= 0, "nobody stored " + key);
                assertEquals("writer " + won, new String(store.get(key), UTF_8), "the object is the winner's");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void storesReplacesAndReadsBytes() throws IOException {
        store.put("a/b/c", "one".getBytes(UTF_8));
        assertEquals("one", new String(store.get("a/b/c"), UTF_8));
        assertTrue(store.exists("a/b/c"));

        store.put("a/b/c", "two, longer".getBytes(UTF_8));
        assertEquals("two, longer", new String(store.get("a/b/c"), UTF_8));

        store.put("empty", new byte[0]);
        assertArrayEquals(new byte[0], store.get("empty"));
        assertTrue(store.exists("empty"));
        try (InputStream in = store.getStream("a/b/c")) {
            assertEquals("two, longer", new String(in.readAllBytes(), UTF_8));
        }
    }

    @Test
    void missingObjectsAreNamed() throws IOException {
        NoSuchObjectException get = assertThrows(NoSuchObjectException.class, () -> store.get("no/such"));
        assertEquals("no/such", get.key());
        assertTrue(get.getMessage().contains("no/such") && get.getMessage().contains(store.url()), get.getMessage());
        assertThrows(NoSuchObjectException.class, () -> store.getStream("no/such").close());
        assertFalse(store.exists("no/such"));
    }

    @Test
    void largeStreamRoundTrip() throws IOException {
        store.put("big", TestData.stream(LARGE, 1), LARGE);
        try (InputStream in = store.getStream("big")) {
            assertEquals(TestData.sha256(LARGE, 1), TestData.sha256(in));
        }
        assertEquals(LARGE, store.get("big").length);
    }

    @Test
    void streamsOfUnknownLength() throws IOException {
        store.put("small", TestData.stream(100_000, 2), -1);
        assertArrayEquals(TestData.bytes(100_000, 2), store.get("small"));

        store.put("large", TestData.stream(LARGE, 3), -1);
        try (InputStream in = store.getStream("large")) {
            assertEquals(TestData.sha256(LARGE, 3), TestData.sha256(in));
        }
    }

    /** Writes {@code length} bytes of {@link TestData#stream} into the channel, in writes of {@code chunk} bytes. */
    static ObjectWriter generated(long length, long seed, int chunk, long failAt) {
        return out -> {
            try (InputStream in = TestData.stream(length, seed)) {
                byte[] b = new byte[chunk];
                long written = 0;
                for (int n; (n = in.read(b)) >= 0; ) {
                    if (failAt >= 0 && written + n > failAt) {
                        throw new IOException("writer failed on purpose after " + written + " bytes");
                    }
                    // direct and heap buffers both
                    ByteBuffer buffer = (written / chunk) % 2 == 0 ? ByteBuffer.wrap(b, 0, n)
                            : ByteBuffer.allocateDirect(n).put(b, 0, n).flip();
                    assertEquals(n, out.write(buffer));
                    written += n;
                }
            }
        };
    }

    @Test
    void storesWhatAWriterWrites() throws IOException {
        assertEquals(100_000, store.put("small", generated(100_000, 7, 4096, -1)));
        assertArrayEquals(TestData.bytes(100_000, 7), store.get("small"));

        assertEquals(LARGE + 12345, store.put("large", generated(LARGE + 12345, 8, 1 << 20, -1)));
        try (InputStream in = store.getStream("large")) {
            assertEquals(TestData.sha256(LARGE + 12345, 8), TestData.sha256(in));
        }

        assertEquals(0, store.put("empty", out -> { }));
        assertArrayEquals(new byte[0], store.get("empty"));
        assertEquals(List.of("empty", "large", "small"), store.list(""));
    }

    @Test
    void aFailingWriterStoresNothingAndKeepsThePreviousObject() throws IOException {
        IOException small = assertThrows(IOException.class, () -> store.put("k", generated(1 << 20, 9, 8192, 500_000)));
        assertTrue(small.getMessage().contains("on purpose"), small.getMessage());
        assertThrows(IOException.class, () -> store.put("k", generated(LARGE, 9, 1 << 20, LARGE - 1000)));
        assertFalse(store.exists("k"));
        assertEquals(List.of(), store.list(""));

        store.put("k", "previous".getBytes(UTF_8));
        assertThrows(IOException.class, () -> store.put("k", generated(LARGE, 9, 1 << 20, 3 << 20)));
        assertThrows(IllegalStateException.class, () -> store.put("k", out -> {
            throw new IllegalStateException("a bug in the writer");
        }));
        assertEquals("previous", new String(store.get("k"), UTF_8));
        assertEquals(List.of("k"), store.list(""));
    }

    @Test
    void aWriterCannotWriteIntoAStoreChannelItClosed() throws IOException {
        assertThrows(ClosedChannelException.class, () -> store.put("k", out -> {
            out.close();
            out.write(ByteBuffer.wrap(new byte[] {1}));
        }));
        assertFalse(store.exists("k"));
    }

    @Test
    void readsExactlyTheGivenLength() throws IOException {
        InputStream in = new ByteArrayInputStream("0123456789".getBytes(UTF_8));
        store.put("first4", in, 4);
        assertEquals("0123", new String(store.get("first4"), UTF_8));
        assertEquals('4', in.read(), "the rest of the stream stays unread");
    }

    @Test
    void listsByStringPrefixInOrder() throws IOException {
        for (String key : List.of("job/y/1", "job/x/2", "jobs/z", "job/x/1", "other")) {
            store.put(key, key.getBytes(UTF_8));
        }
        assertEquals(List.of("job/x/1", "job/x/2", "job/y/1"), store.list("job/"));
        assertEquals(List.of("job/x/1", "job/x/2", "job/y/1", "jobs/z"), store.list("job"));
        assertEquals(List.of("job/x/1", "job/x/2", "job/y/1", "jobs/z", "other"), store.list(""));
        assertEquals(List.of("job/x/1"), store.list("job/x/1"));
        assertEquals(List.of(), store.list("nothing/"));
        assertEquals(List.of(), store.list("job/x/3"));
    }

    @Test
    void deletesObjectsAndPrefixes() throws IOException {
        for (String key : List.of("job/x/1", "job/x/2", "job/xy", "job/y/1")) {
            store.put(key, new byte[] {1});
        }
        store.delete("job/x/1");
        assertFalse(store.exists("job/x/1"));
        store.delete("job/x/1");
        store.delete("never/there");

        assertEquals(2, store.deletePrefix("job/x"));
        assertEquals(List.of("job/y/1"), store.list(""));
        assertEquals(0, store.deletePrefix("job/x/"));
        assertEquals(1, store.deletePrefix("job/"));
        assertEquals(List.of(), store.list(""));

        IllegalArgumentException all = assertThrows(IllegalArgumentException.class, () -> store.deletePrefix(""));
        assertTrue(all.getMessage().contains("every object"), all.getMessage());
    }

    @Test
    void rejectsKeysThatLeaveTheStore() {
        for (String bad : List.of("../escape", "a/../../b", "a/..", "/abs", "a//b", "a/./b", "", "a\\b", ".hidden", "a/",
                "a/.tmp")) {
            List<Executable> uses = List.of(
                    () -> store.put(bad, new byte[] {1}),
                    () -> store.put(bad, new ByteArrayInputStream(new byte[] {1}), 1),
                    () -> store.put(bad, out -> out.write(ByteBuffer.wrap(new byte[] {1}))),
                    () -> store.get(bad),
                    () -> store.getStream(bad),
                    () -> store.exists(bad),
                    () -> store.delete(bad));
            for (Executable use : uses) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, use, bad);
                assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> store.list("../"));
        assertThrows(IllegalArgumentException.class, () -> store.deletePrefix("a/../"));
    }

    @Test
    void aFailingStreamLeavesNothing() throws IOException {
        IOException small = assertThrows(IOException.class, () -> store.put("k", TestData.failingAfter(1 << 20, 4, 500_000), 1 << 20));
        assertTrue(small.getMessage().contains("on purpose"), small.getMessage());
        IOException large = assertThrows(IOException.class, () -> store.put("k", TestData.failingAfter(LARGE, 4, LARGE - 1000), LARGE));
        assertTrue(large.getMessage().contains("on purpose"), large.getMessage());
        assertThrows(IOException.class, () -> store.put("k", TestData.failingAfter(LARGE, 4, LARGE - 1000), -1));
        assertFalse(store.exists("k"));
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void aFailingStreamKeepsThePreviousObject() throws IOException {
        store.put("k", "previous".getBytes(UTF_8));
        assertThrows(IOException.class, () -> store.put("k", TestData.failingAfter(LARGE, 5, 3 << 20), LARGE));
        assertThrows(IOException.class, () -> store.put("k", TestData.failingAfter(1000, 5, 10), 1000));
        assertEquals("previous", new String(store.get("k"), UTF_8));
        assertEquals(List.of("k"), store.list(""));
    }

    @Test
    void aShortStreamFailsThePut() throws IOException {
        IOException small = assertThrows(IOException.class, () -> store.put("k", TestData.stream(100, 6), 200));
        assertTrue(small.getMessage().contains("100 of 200"), small.getMessage());
        IOException large = assertThrows(IOException.class, () -> store.put("k", TestData.stream(LARGE, 6), LARGE + 1));
        assertTrue(large.getMessage().contains(LARGE + " of " + (LARGE + 1)), large.getMessage());
        assertFalse(store.exists("k"));
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void concurrentReadersSeeWholeObjectsOnly() throws Exception {
        int size = 256 << 10;
        store.put("shared", filled(size, (byte) 0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 1; w <= 2; w++) {
                byte value = (byte) w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        store.put("shared", filled(size, value));
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        byte[] read = store.get("shared");
                        assertEquals(size, read.length);
                        for (byte b : read) {
                            if (b != read[0]) {
                                throw new AssertionError("read a mix of two puts");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("shared"), store.list(""));
    }

    private static byte[] filled(int size, byte value) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, value);
        return b;
    }

    @Test
    void checkpointRetentionKeepsTheNewestCompleted() throws IOException {
        String job = "job_abc";
        for (long epoch = 0; epoch <= 5; epoch++) {
            for (String op : List.of("source_1", "window_2")) {
                for (int subtask = 0; subtask < 2; subtask++) {
                    store.put(CheckpointLayout.subtaskKey(job, epoch, op, subtask), ("state " + epoch).getBytes(UTF_8));
                }
            }
            // epoch 0 was abandoned, epoch 5 is in progress
            if (epoch >= 1 && epoch <= 4) {
                CheckpointLayout.markCompleted(store, job, epoch, ("{\"epoch\":" + epoch + "}").getBytes(UTF_8));
            }
        }
        store.put(CheckpointLayout.subtaskKey("job_other", 1, "source_1", 0), new byte[] {1});
        CheckpointLayout.markCompleted(store, "job_other", 1, new byte[0]);

        assertEquals(List.of(1L, 2L, 3L, 4L), CheckpointLayout.completedEpochs(store, job));
        assertEquals(OptionalLong.of(4), CheckpointLayout.latestCompleted(store, job));

        assertEquals(List.of(0L, 1L, 2L), CheckpointLayout.retain(store, job, 2));
        assertEquals(List.of(3L, 4L), CheckpointLayout.completedEpochs(store, job));
        assertEquals(List.of(), store.list(CheckpointLayout.epochPrefix(job, 2)));
        assertEquals(4, store.list(CheckpointLayout.epochPrefix(job, 5)).size(), "the epoch in progress stays");
        assertEquals("state 3", new String(store.get(CheckpointLayout.subtaskKey(job, 3, "window_2", 1)), UTF_8));
        assertEquals("{\"epoch\":4}", new String(store.get(CheckpointLayout.completedKey(job, 4)), UTF_8));
        assertEquals(List.of(1L), CheckpointLayout.completedEpochs(store, "job_other"), "other jobs are untouched");

        assertEquals(List.of(), CheckpointLayout.retain(store, job, 2));
        assertEquals(List.of(3L), CheckpointLayout.retain(store, job, 1));
        assertEquals(OptionalLong.of(4), CheckpointLayout.latestCompleted(store, job));
    }
}
