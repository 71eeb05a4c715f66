package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.wadi.controller.JobOutputs;

class JobOutputStreamsTest {

    /** Job outputs that tests push rows into. */
    private static final class FakeOutputs implements JobOutputs {
        final Map<String, Consumer<OutputRow>> subscribers = new ConcurrentHashMap<>();
        final Map<String, Runnable> ends = new ConcurrentHashMap<>();

        @Override
        public AutoCloseable subscribe(String jobId, Consumer<OutputRow> consumer) {
            subscribers.put(jobId, consumer);
            return () -> subscribers.remove(jobId, consumer);
        }

        @Override
        public AutoCloseable subscribe(String jobId, Consumer<OutputRow> consumer, Runnable onEnd) {
            ends.put(jobId, onEnd);
            AutoCloseable s = subscribe(jobId, consumer);
            return () -> {
                ends.remove(jobId, onEnd);
                s.close();
            };
        }

        void emit(String jobId, OutputRow row) {
            subscribers.get(jobId).accept(row);
        }

        /** The controller's word that the job ended, after its last row. */
        void end(String jobId) {
            ends.get(jobId).run();
        }
    }

    /** A client connection that records what it got, and can go away. */
    private static final class FakeSink implements JobOutputStreams.Sink {
        final List<String> events = new ArrayList<>();
        /** Sends not written yet, while {@link #slow}. */
        final List<CompletableFuture<Object>> pending = new ArrayList<>();
        int heartbeats;
        boolean gone;
        boolean closed;
        /** Whether sends complete only when the test says so (a client reading slowly). */
        boolean slow;

        @Override
        public CompletionStage<?> send(long id, String json) {
            if (gone) {
                return CompletableFuture.failedFuture(new IllegalStateException("client went away"));
            }
            events.add(id + " " + json);
            if (slow) {
                CompletableFuture<Object> f = new CompletableFuture<>();
                pending.add(f);
                return f;
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> heartbeat() {
            heartbeats++;
            return gone ? CompletableFuture.failedFuture(new IllegalStateException("client went away"))
                    : CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final FakeOutputs outputs = new FakeOutputs();
    private final JobOutputStreams streams =
            new JobOutputStreams(Clock.fixed(Instant.ofEpochSecond(1, 5_000), ZoneOffset.UTC));

    @Test
    void rowsArriveAsArroyoOutputDataWithIncreasingIds() throws Exception {
        FakeSink sink = new FakeSink();
        streams.open(outputs, "job_1", sink);
        outputs.emit("job_1", new JobOutputs.OutputRow("sink_3", 1, "{\"n\":1}"));
        outputs.emit("job_1", new JobOutputs.OutputRow("sink_3", 0, "{\"n\":2}"));

        // a first comment opens the stream at once
        assertEquals(1, sink.heartbeats);
        assertEquals(2, sink.events.size());
        assertTrue(sink.events.get(0).startsWith("0 "));
        assertTrue(sink.events.get(1).startsWith("1 "));
        JsonNode first = new ObjectMapper().readTree(sink.events.get(0).substring(2));
        assertEquals("sink_3", first.get("operator_id").asText());
        assertEquals(1, first.get("subtask").asInt());
        assertEquals(1_000_005L, first.get("timestamp").asLong());
        assertEquals("{\"n\":1}", first.get("value").asText());
    }

    @Test
    void whenTheJobEndsTheStreamWritesWhatItStillHasThenCloses() {
        FakeSink sink = new FakeSink();
        sink.slow = true;
        streams.open(outputs, "job_1", sink, () -> false);
        outputs.emit("job_1", new JobOutputs.OutputRow("sink", 0, "{\"n\":1}"));
        outputs.emit("job_1", new JobOutputs.OutputRow("sink", 0, "{\"n\":2}"));

        outputs.end("job_1");
        assertEquals(2, sink.events.size());
        assertTrue(!sink.closed, "rows still being written keep the stream open");
        sink.pending.get(0).complete(null);
        assertTrue(!sink.closed);
        sink.pending.get(1).complete(null);

        assertTrue(sink.closed, "the last row written, the stream ends");
        assertEquals(0, streams.openCount());
        assertTrue(outputs.subscribers.isEmpty() && outputs.ends.isEmpty(), "unsubscribed");
    }

    @Test
    void aStreamOfAJobThatEndedAlreadyEndsAtOnce() {
        FakeSink sink = new FakeSink();
        streams.open(outputs, "job_1", sink, () -> true);
        assertEquals(1, sink.heartbeats, "the client sees the stream open");
        assertTrue(sink.closed);
        assertEquals(0, streams.openCount());
        assertTrue(outputs.subscribers.isEmpty());
    }

    @Test
    void theHeartbeatEndsTheStreamOfAJobTheControllerDidNotReportEnded() {
        // a server whose controller does not run the job: only the job's stored state tells
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        FakeSink sink = new FakeSink();
        FakeSink other = new FakeSink();
        streams.open(outputs, "job_1", sink, ended::get);
        streams.open(outputs, "job_2", other, () -> false);
        outputs.emit("job_1", new JobOutputs.OutputRow("sink", 0, "{}"));
        streams.heartbeat();
        assertTrue(!sink.closed);

        ended.set(true);
        streams.heartbeat();
        assertTrue(sink.closed);
        assertEquals(1, sink.events.size());
        assertTrue(!other.closed);
        assertEquals(1, streams.openCount());
    }

    @Test
    void aStoreThatDoesNotAnswerDoesNotEndTheStream() {
        FakeSink sink = new FakeSink();
        streams.open(outputs, "job_1", sink, () -> {
            throw new IllegalStateException("could not read from the database");
        });
        streams.heartbeat();
        assertTrue(!sink.closed);
        assertEquals(1, streams.openCount());
    }

    @Test
    void aFailedSendEndsTheSubscription() {
        FakeSink sink = new FakeSink();
        streams.open(outputs, "job_1", sink);
        sink.gone = true;
        outputs.emit("job_1", new JobOutputs.OutputRow("sink", 0, "{}"));

        assertTrue(outputs.subscribers.isEmpty());
        assertTrue(sink.closed);
        assertEquals(0, streams.openCount());
    }

    @Test
    void theHeartbeatNoticesAClientThatLeftWhileNoRowsCame() {
        FakeSink quiet = new FakeSink();
        FakeSink staying = new FakeSink();
        streams.open(outputs, "job_1", quiet);
        streams.open(outputs, "job_2", staying);

        quiet.gone = true;
        streams.heartbeat();

        assertEquals(Map.of("job_2", outputs.subscribers.get("job_2")), Map.copyOf(outputs.subscribers));
        assertEquals(1, streams.openCount());
    }

    @Test
    void aSinkClosedByTheContainerEndsTheSubscriptionOnTheNextRow() {
        FakeSink sink = new FakeSink();
        streams.open(outputs, "job_1", sink);
        sink.closed = true;
        outputs.emit("job_1", new JobOutputs.OutputRow("sink", 0, "{}"));
        assertTrue(outputs.subscribers.isEmpty());
        assertTrue(sink.events.isEmpty());
    }

    @Test
    void aSlowClientLosesTheRowsBeyondTheBoundNotTheStream() {
        JobOutputStreams bounded = new JobOutputStreams(Clock.systemUTC(), 2);
        List<CompletableFuture<Object>> pending = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        JobOutputStreams.Sink slow = new JobOutputStreams.Sink() {
            @Override
            public CompletionStage<?> send(long id, String json) {
                CompletableFuture<Object> f = new CompletableFuture<>();
                pending.add(f);
                sent.add(Long.toString(id));
                return f;
            }

            @Override
            public CompletionStage<?> heartbeat() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public boolean isClosed() {
                return false;
            }

            @Override
            public void close() {
            }
        };
        bounded.open(outputs, "job_1", slow);
        for (int i = 0; i < 5; i++) {
            outputs.emit("job_1", new JobOutputs.OutputRow("sink", 0, "{\"n\":" + i + "}"));
        }
        assertEquals(List.of("0", "1"), sent, "two rows in flight at most; the other three are dropped");

        pending.forEach(f -> f.complete(null));
        outputs.emit("job_1", new JobOutputs.OutputRow("sink", 0, "{\"n\":5}"));
        assertEquals(List.of("0", "1", "2"), sent, "once the client caught up, rows flow again");
        assertEquals(1, bounded.openCount(), "the stream stays open");
        bounded.close();
    }

    /** A client that never reads: its sends never complete. */
    private static final class StalledSink implements JobOutputStreams.Sink {
        final List<String> sent = new ArrayList<>();
        boolean closed;

        @Override
        public CompletionStage<?> send(long id, String json) {
            sent.add(json);
            return new CompletableFuture<>();
        }

        @Override
        public CompletionStage<?> heartbeat() {
            return new CompletableFuture<>();
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theBytesWaitingForOneClientAreBoundedToo() {
        JobOutputStreams bounded = new JobOutputStreams(Clock.systemUTC(),
                new JobOutputStreams.Limits(1000, 10_000, 10, Duration.ofSeconds(60)));
        StalledSink slow = new StalledSink();
        bounded.open(outputs, "job_1", slow);
        String big = "{\"s\":\"" + "x".repeat(1500) + "\"}";
        for (int i = 0; i < 10; i++) {
            outputs.emit("job_1", new JobOutputs.OutputRow("sink", 0, big));
        }
        // each event holds ~1,600 characters (3,200 bytes): three fit into 10,000 bytes, the rest are dropped
        assertEquals(3, slow.sent.size());
        assertEquals(1, bounded.openCount());

        // a single row larger than the whole buffer still reaches a client that waits for nothing else
        JobOutputStreams tiny = new JobOutputStreams(Clock.systemUTC(),
                new JobOutputStreams.Limits(1000, 100, 10, Duration.ofSeconds(60)));
        StalledSink other = new StalledSink();
        tiny.open(outputs, "job_2", other);
        outputs.emit("job_2", new JobOutputs.OutputRow("sink", 0, big));
        assertEquals(1, other.sent.size());
        bounded.close();
        tiny.close();
    }

    @Test
    void oneStreamTooManyIsRefusedWith429() {
        JobOutputStreams two = new JobOutputStreams(Clock.systemUTC(),
                new JobOutputStreams.Limits(1000, 1_000_000, 2, Duration.ofSeconds(60)));
        FakeSink a = new FakeSink();
        two.open(outputs, "job_1", a);
        two.open(outputs, "job_2", new FakeSink());
        javax.ws.rs.WebApplicationException e = org.junit.jupiter.api.Assertions.assertThrows(
                javax.ws.rs.WebApplicationException.class, () -> two.open(outputs, "job_3", new FakeSink()));
        assertEquals(429, e.getResponse().getStatus());
        assertTrue(e.getMessage().contains("api.max.output.streams"), e.getMessage());
        assertTrue(!outputs.subscribers.containsKey("job_3"), "a refused stream subscribes to nothing");

        // a stream that ends makes room
        a.gone = true;
        two.heartbeat();
        two.open(outputs, "job_3", new FakeSink());
        assertEquals(2, two.openCount());
        two.close();
    }

    @Test
    void aClientThatReadsNothingWhileRowsWaitIsDroppedAndOthersAndTheJobGoOn() {
        MovingClock clock = new MovingClock();
        JobOutputStreams limited = new JobOutputStreams(clock,
                new JobOutputStreams.Limits(5, 1_000_000, 10, Duration.ofSeconds(30)));
        StalledSink stalled = new StalledSink();
        FakeSink reading = new FakeSink();
        limited.open(outputs, "job_1", stalled);
        JobOutputs.OutputRow row = new JobOutputs.OutputRow("sink", 0, "{}");
        // a second subscriber of the same job, through its own outputs
        FakeOutputs second = new FakeOutputs();
        limited.open(second, "job_1", reading);

        for (int i = 0; i < 20; i++) {
            outputs.emit("job_1", row); // never blocks, though nobody reads
            second.emit("job_1", row);
        }
        assertEquals(5, stalled.sent.size());
        assertEquals(20, reading.events.size());

        clock.now = clock.now.plusSeconds(29);
        limited.heartbeat();
        assertEquals(2, limited.openCount(), "not stalled yet");
        clock.now = clock.now.plusSeconds(2);
        limited.heartbeat();
        assertTrue(stalled.closed, "the stalled client is dropped");
        assertTrue(outputs.subscribers.isEmpty(), "and its subscription ended");
        assertEquals(1, limited.openCount(), "the reading client stays");
        second.emit("job_1", row);
        assertEquals(21, reading.events.size());
        limited.close();
    }

    @Test
    void anIdleStreamWithNothingWaitingIsNeverStalled() {
        MovingClock clock = new MovingClock();
        JobOutputStreams limited = new JobOutputStreams(clock,
                new JobOutputStreams.Limits(5, 1_000_000, 10, Duration.ofSeconds(30)));
        FakeSink quiet = new FakeSink();
        limited.open(outputs, "job_1", quiet);
        clock.now = clock.now.plusSeconds(3600);
        limited.heartbeat();
        assertEquals(1, limited.openCount());
        assertTrue(!quiet.closed);
        limited.close();
    }

    @Test
    void closingEndsEveryStream() {
        FakeSink a = new FakeSink();
        FakeSink b = new FakeSink();
        streams.open(outputs, "job_1", a);
        streams.open(outputs, "job_2", b);
        streams.close();
        assertTrue(outputs.subscribers.isEmpty());
        assertTrue(a.closed && b.closed);
    }
}
