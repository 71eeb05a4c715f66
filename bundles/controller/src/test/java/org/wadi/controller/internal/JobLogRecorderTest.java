package org.wadi.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wadi.store.JobLogLevel;
import org.wadi.store.JobLogMessage;

/** The job log recorder: off the caller's thread, rate-limited for workers, never failing its callers. */
class JobLogRecorderTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

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

    private final FakeJobLogStore store = new FakeJobLogStore();
    private final ControllerMetrics metrics = new ControllerMetrics(Map::of, false);
    private final TestClock clock = new TestClock();
    private JobLogRecorder recorder;

    @AfterEach
    void close() {
        if (recorder != null) {
            recorder.close();
        }
    }

    @Test
    void theControllersOwnMessagesAreRecordedInOrderWithTheirTime() throws Exception {
        recorder = new JobLogRecorder(store, 1, 100, metrics, clock);
        recorder.record("job_1", 1, JobLogLevel.ERROR, "source_1", 0, "division by zero", "details");
        recorder.record("job_1", 1, JobLogLevel.WARN, null, null, "job restarting", "");
        recorder.record("job_1", 2, JobLogLevel.ERROR, null, null, "job failed", "");

        store.await("job_1", m -> m.message().equals("job failed"), "the last one");
        List<JobLogMessage> all = store.of("job_1");
        assertEquals(List.of("division by zero", "job restarting", "job failed"),
                all.stream().map(JobLogMessage::message).toList(), "not rate-limited, in order");
        assertEquals(new JobLogMessage(all.get(0).id(), "job_1", 1, clock.now, "source_1", 0, JobLogLevel.ERROR,
                "division by zero", "details"), all.get(0));
        String text = ControllerMetricsTest.scrape(metrics);
        assertEquals(Optional.of(2.0), ControllerMetricsTest.sample(text, "wadi_job_log_messages_total{level=\"error\"}"));
    }

    @Test
    void workerMessagesOverTheRateAreCountedAndSummarisedInTheNextMinute() throws Exception {
        recorder = new JobLogRecorder(store, 2, 100, metrics, clock);
        Instant happened = clock.now.minusSeconds(3);
        for (int i = 1; i <= 5; i++) {
            recorder.recordFromWorker("job_1", 1, JobLogLevel.WARN, "source_1", 0, "line " + i, "", happened);
        }
        recorder.recordFromWorker("job_2", 1, JobLogLevel.WARN, null, null, "other job", "", null);
        store.await("job_2", m -> true, "recorded: each job has its own limit");
        store.await("job_1", m -> m.message().equals("line 2"), "the second line");
        assertEquals(happened, store.of("job_1").get(0).createdAt(), "when the worker saw it");

        clock.now = clock.now.plus(JobLogRecorder.WINDOW);
        recorder.recordFromWorker("job_1", 1, JobLogLevel.ERROR, null, null, "line 6", "", null);

        store.await("job_1", m -> m.message().equals("line 6"), "the next minute's first line");
        assertEquals(List.of("line 1", "line 2",
                        "3 messages of the workers of job job_1 were not recorded: more than 2 in a minute", "line 6"),
                store.of("job_1").stream().map(JobLogMessage::message).toList());
        assertEquals(JobLogLevel.WARN, store.of("job_1").get(2).level());
        assertEquals(Optional.of(3.0), ControllerMetricsTest.sample(ControllerMetricsTest.scrape(metrics),
                "wadi_job_log_messages_dropped_total"));
    }

    @Test
    void longMessagesAreCut() throws Exception {
        recorder = new JobLogRecorder(store, 10, 100, metrics, clock);
        recorder.recordFromWorker("job_1", 1, JobLogLevel.WARN, null, null, "m".repeat(5_000), "d".repeat(50_000), null);
        JobLogMessage m = store.await("job_1", x -> true, "recorded");
        assertEquals(JobLogRecorder.MAX_MESSAGE, m.message().length());
        assertTrue(m.message().endsWith("…"));
        assertEquals(JobLogRecorder.MAX_DETAILS, m.details().length());
    }

    @Test
    void aFailingDatabaseDropsAndCountsAndRecordingGoesOnWhenItAnswersAgain() throws Exception {
        recorder = new JobLogRecorder(store, 10, 100, metrics, clock);
        store.failure = new IllegalStateException("connection refused");
        recorder.record("job_1", 1, JobLogLevel.ERROR, null, null, "lost", "");
        awaitDropped(1.0);

        store.failure = null;
        recorder.record("job_1", 1, JobLogLevel.ERROR, null, null, "kept", "");
        store.await("job_1", m -> m.message().equals("kept"), "recorded after the database came back");
        assertEquals(List.of("kept"), store.of("job_1").stream().map(JobLogMessage::message).toList());
    }

    @Test
    void aMessageOfAJobDeletedMeanwhileDoesNotCostTheOthersOfItsBatch() throws Exception {
        FakeJobLogStore picky = new FakeJobLogStore() {
            @Override
            public synchronized void appendJobLogMessages(List<JobLogMessage> batch, int keepPerJob) {
                if (batch.stream().anyMatch(m -> m.jobId().equals("job_gone"))) {
                    throw new IllegalArgumentException("job_gone does not exist");
                }
                super.appendJobLogMessages(batch, keepPerJob);
            }
        };
        recorder = new JobLogRecorder(picky, 10, 100, metrics, clock);
        for (int i = 0; i < 50; i++) {
            recorder.record(i % 10 == 0 ? "job_gone" : "job_1", 1, JobLogLevel.WARN, null, null, "m" + i, "");
        }
        picky.await("job_1", m -> m.message().equals("m49"), "the last one");
        assertEquals(45, picky.of("job_1").size());
        awaitDropped(5.0);
    }

    private void awaitDropped(double n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Optional.of(n).equals(ControllerMetricsTest.sample(ControllerMetricsTest.scrape(metrics),
                "wadi_job_log_messages_dropped_total"))) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not dropped: " + ControllerMetricsTest.scrape(metrics));
            }
            Thread.sleep(5); // polling interval of a wait with a deadline
        }
    }
}
