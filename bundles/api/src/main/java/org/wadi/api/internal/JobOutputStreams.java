package org.wadi.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.ws.rs.WebApplicationException;
import org.wadi.controller.JobOutputs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open job output streams: each forwards a job's preview rows from {@link JobOutputs} to one
 * client, and ends its subscription as soon as the client is gone — noticed when a send fails, or
 * by the periodic {@link #heartbeat()} when no rows come.
 *
 * <p>Memory is bounded per stream and in all: at most {@link Limits#maxRows()} rows and {@link
 * Limits#maxBytes()} bytes wait to be written to one client; a client that reads slower than the
 * job produces loses the rows beyond that (counted and logged when its stream ends), as the
 * controller's own per-subscriber queue does, rather than the server buffering a fast preview's
 * whole output; and at most {@link Limits#maxStreams()} streams are open at once. A client that
 * reads nothing at all for {@link Limits#stall()} while rows wait for it is dropped, with the
 * reason logged, so that it holds neither memory nor a connection. Sending never waits for a
 * client, so a slow or stalled one never delays the job or other clients.
 *
 * <p>A stream ends once its job has ended (Stopped, Finished, Failed): when the controller says
 * so, after the last row, or — on a server whose controller does not run the job — when the
 * periodic {@link #heartbeat()} finds the job ended. The rows sent to the client by then are
 * written out before the stream is closed.
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
    private final Limits limits;

    /**
     * What one stream and all of them may hold.
     *
     * @param maxRows rows written to a client but not yet sent, per stream, beyond which rows are dropped
     * @param maxBytes the same in bytes of JSON
     * @param maxStreams streams open at once
     * @param stall how long a client may read nothing while rows wait for it before its stream is closed
     */
    record Limits(int maxRows, long maxBytes, int maxStreams, Duration stall) {

        /** Rows written to a client but not yet sent, per stream, beyond which rows are dropped. */
        static final int DEFAULT_MAX_ROWS = 1000;

        Limits {
            if (maxRows < 1 || maxBytes < 1 || maxStreams < 1 || stall.isNegative() || stall.isZero()) {
                throw new IllegalArgumentException("output stream limits must be positive: " + maxRows + " rows, "
                        + maxBytes + " bytes, " + maxStreams + " streams, stalled after " + stall);
            }
        }

        static Limits of(ApiSettings settings) {
            return new Limits(DEFAULT_MAX_ROWS, settings.outputStreamMaxBytes(), settings.maxOutputStreams(),
                    Duration.ofSeconds(settings.outputStreamStallSeconds()));
        }
    }

    JobOutputStreams(Clock clock) {
        this(clock, Limits.of(ApiSettings.defaults()));
    }

    JobOutputStreams(Clock clock, int maxRows) {
        this(clock, new Limits(maxRows, ApiSettings.defaults().outputStreamMaxBytes(),
                ApiSettings.defaults().maxOutputStreams(), Duration.ofSeconds(ApiSettings.defaults().outputStreamStallSeconds())));
    }

    JobOutputStreams(Clock clock, Limits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * Starts forwarding {@code jobId}'s rows to {@code sink}.
     *
     * @throws WebApplicationException 429 when {@link Limits#maxStreams()} streams are open already
     */
    void open(JobOutputs outputs, String jobId, Sink sink) {
        open(outputs, jobId, sink, () -> false);
    }

    /**
     * Starts forwarding {@code jobId}'s rows to {@code sink} until the job ends.
     *
     * @param ended whether the job is in a final state now (asked at the start and at each
     *     heartbeat; the controller's word ends the stream sooner)
     * @throws WebApplicationException 429 when {@link Limits#maxStreams()} streams are open already
     */
    void open(JobOutputs outputs, String jobId, Sink sink, BooleanSupplier ended) {
        Stream stream = new Stream(jobId, sink, ended);
        synchronized (open) {
            if (open.size() >= limits.maxStreams()) {
                throw new WebApplicationException("the server streams the output of jobs to "
                        + limits.maxStreams() + " clients at most (api.max.output.streams), and as many are"
                        + " open: close one, or try again later", 429);
            }
            open.add(stream);
        }
        try {
            stream.subscription = outputs.subscribe(jobId, stream::onRow, stream::end);
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        // the client may have left while we subscribed; if not, a first comment commits the
        // response so that the client sees the stream open before the first row
        if (sink.isClosed()) {
            stream.close();
        } else {
            stream.heartbeat(false);
        }
        // a job that ended before we subscribed: the controller may not know it (a standby server)
        if (stream.jobEnded()) {
            stream.end();
        }
    }

    /** Probes every stream; those whose client is gone are closed. */
    void heartbeat() {
        for (Stream s : List.copyOf(open)) {
            s.heartbeat(true);
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
        private final BooleanSupplier ended;
        /** The job ended: the stream closes once the rows sent so far are written. */
        private volatile boolean ending;
        private final AtomicLong nextId = new AtomicLong();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicLong inFlightBytes = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();
        /** When the client last read a row, or rows began to wait for it: what a stall is measured from. */
        private final AtomicLong progressMillis = new AtomicLong();
        private volatile AutoCloseable subscription;

        Stream(String jobId, Sink sink, BooleanSupplier ended) {
            this.jobId = jobId;
            this.sink = sink;
            this.ended = ended;
        }

        /** Whether the job is in a final state now; unknown (the store does not answer) is not ended. */
        boolean jobEnded() {
            try {
                return ended.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.debug("Could not tell whether job {} ended", jobId, e);
                return false;
            }
        }

        /** The job ended: close once nothing waits to be written. */
        void end() {
            if (closed.get()) {
                return;
            }
            ending = true;
            closeIfDone();
        }

        private void closeIfDone() {
            if (ending && inFlight.get() == 0) {
                close();
            }
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
            long bytes = 2L * data.length(); // the chars of a String, as the buffer holds them
            int rows = inFlight.incrementAndGet();
            // a row over the byte bound still goes to a client for whom nothing else waits
            boolean tooMany = rows > limits.maxRows();
            boolean tooLarge = !tooMany && inFlightBytes.addAndGet(bytes) > limits.maxBytes() && rows > 1;
            if (tooMany || tooLarge) {
                if (tooLarge) {
                    inFlightBytes.addAndGet(-bytes);
                }
                inFlight.decrementAndGet();
                dropped.incrementAndGet();
                return;
            }
            if (rows == 1) {
                progressMillis.set(clock.millis());
            }
            CompletionStage<?> sent;
            try {
                sent = sink.send(nextId.getAndIncrement(), data);
            } catch (RuntimeException e) {
                inFlightBytes.addAndGet(-bytes);
                inFlight.decrementAndGet();
                throw e;
            }
            sent.whenComplete((ignored, failure) -> {
                progressMillis.set(clock.millis());
                inFlightBytes.addAndGet(-bytes);
                inFlight.decrementAndGet();
                closeIfDone();
            });
            watch(sent);
        }

        long dropped() {
            return dropped.get();
        }

        /** Probes the client, and first, with {@code checkJob}, ends the stream if its job ended. */
        void heartbeat(boolean checkJob) {
            if (closed.get()) {
                return;
            }
            if (sink.isClosed()) {
                close();
                return;
            }
            if (checkJob && !ending && jobEnded()) {
                end();
                if (closed.get()) {
                    return;
                }
            }
            long idle = clock.millis() - progressMillis.get();
            if (inFlight.get() > 0 && idle > limits.stall().toMillis()) {
                LOG.warn("Closing an output stream of job {}: its client read nothing for {} s while {} rows waited"
                        + " for it (api.output.stream.stall.seconds = {})", jobId, idle / 1000, inFlight.get(),
                        limits.stall().toSeconds());
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
