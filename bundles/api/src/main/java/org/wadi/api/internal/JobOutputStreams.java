package org.wadi.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.wadi.controller.JobOutputs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open job output streams: each forwards a job's preview rows from {@link JobOutputs} to one
 * client, and ends its subscription as soon as the client is gone — noticed when a send fails, or
 * by the periodic {@link #heartbeat()} when no rows come.
 *
 * <p>Memory is bounded per stream: at most {@code maxInFlight} rows wait to be written to a
 * client; a client that reads slower than the job produces loses the rows beyond that (counted
 * and logged when its stream ends), as the controller's own per-subscriber queue does, rather than
 * the server buffering a fast preview's whole output.
 */
final class JobOutputStreams implements AutoCloseable {

    /** Where one stream's events go (an SSE connection). */
    interface Sink {

        /** Sends one event with its id and JSON data; completes exceptionally when the client is gone. */
        CompletionStage<?> send(long id, String json);

        /** Sends a comment that keeps the connection open; completes exceptionally when the client is gone. */
        CompletionStage<?> heartbeat();

        boolean isClosed();

        void close();
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobOutputStreams.class);

    private final ObjectMapper json = ApiJson.newMapper();
    private final Clock clock;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final int maxInFlight;

    /** Rows written to a client but not yet sent, per stream, beyond which rows are dropped. */
    static final int DEFAULT_MAX_IN_FLIGHT = 1000;

    JobOutputStreams(Clock clock) {
        this(clock, DEFAULT_MAX_IN_FLIGHT);
    }

    JobOutputStreams(Clock clock, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.clock = clock;
        this.maxInFlight = maxInFlight;
    }

    /** Starts forwarding {@code jobId}'s rows to {@code sink}. */
    void open(JobOutputs outputs, String jobId, Sink sink) {
        Stream stream = new Stream(jobId, sink);
        open.add(stream);
        try {
            stream.subscription = outputs.subscribe(jobId, stream::onRow);
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        // the client may have left while we subscribed; if not, a first comment commits the
        // response so that the client sees the stream open before the first row
        if (sink.isClosed()) {
            stream.close();
        } else {
            stream.heartbeat();
        }
    }

    /** Probes every stream; those whose client is gone are closed. */
    void heartbeat() {
        for (Stream s : List.copyOf(open)) {
            s.heartbeat();
        }
    }

    int openCount() {
        return open.size();
    }

    @Override
    public void close() {
        for (Stream s : List.copyOf(open)) {
            s.close();
        }
    }

    private final class Stream {

        private final String jobId;
        private final Sink sink;
        private final AtomicLong nextId = new AtomicLong();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        private final AtomicLong dropped = new AtomicLong();
        private volatile AutoCloseable subscription;

        Stream(String jobId, Sink sink) {
            this.jobId = jobId;
            this.sink = sink;
        }

        void onRow(JobOutputs.OutputRow row) {
            if (closed.get()) {
                return;
            }
            if (sink.isClosed()) {
                close();
                return;
            }
            String data;
            try {
                data = json.writeValueAsString(
                        new OutputData(row.operatorId(), row.subtask(), Micros.of(clock.instant()), row.json()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an output row could not be written as JSON", e);
            }
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                dropped.incrementAndGet();
                return;
            }
            CompletionStage<?> sent;
            try {
                sent = sink.send(nextId.getAndIncrement(), data);
            } catch (RuntimeException e) {
                inFlight.decrementAndGet();
                throw e;
            }
            sent.whenComplete((ignored, failure) -> inFlight.decrementAndGet());
            watch(sent);
        }

        long dropped() {
            return dropped.get();
        }

        void heartbeat() {
            if (closed.get()) {
                return;
            }
            if (sink.isClosed()) {
                close();
                return;
            }
            watch(sink.heartbeat());
        }

        private void watch(CompletionStage<?> sent) {
            sent.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    close();
                }
            });
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            open.remove(this);
            if (dropped.get() > 0) {
                LOG.info("The output stream of job {} dropped {} rows its client did not read in time", jobId, dropped.get());
            }
            AutoCloseable s = subscription;
            if (s != null) {
                try {
                    s.close();
                } catch (Exception e) {
                    LOG.debug("Ending the output subscription of job {} failed", jobId, e);
                }
            }
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the output stream of job {} failed", jobId, e);
            }
        }
    }
}
