package org.wadi.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wadi.controller.JobOutputs.OutputRow;

class OutputHubTest {

    private final OutputHub hub = new OutputHub(4);

    @AfterEach
    void close() {
        hub.close();
    }

    private static List<String> rows(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("{\"n\":" + i + "}");
        }
        return out;
    }

    private static List<String> take(LinkedBlockingQueue<OutputRow> q, int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OutputRow r = q.poll(10, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("only " + out + " arrived");
            }
            out.add(r.json());
        }
        return out;
    }

    @Test
    void whenTheJobEndsASubscriberGetsTheRowsQueuedForItThenItsEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        hub.subscribe("job_1", r -> {
            try {
                release.await(10, TimeUnit.SECONDS); // a slow consumer: rows wait in its queue
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add(r.json());
        }, () -> events.add("end"));
        LinkedBlockingQueue<String> untold = new LinkedBlockingQueue<>();
        hub.subscribe("job_1", r -> untold.add(r.json()));

        hub.publish("job_1", "sink_3", 0, rows(1, 3));
        hub.jobState("job_1", org.wadi.spi.job.JobState.Finished);
        release.countDown();

        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("only " + got + " arrived");
            }
            got.add(e);
        }
        List<String> expected = new ArrayList<>(rows(1, 3));
        expected.add("end");
        assertEquals(expected, got);
        List<String> untoldGot = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            untoldGot.add(untold.poll(10, TimeUnit.SECONDS));
        }
        assertEquals(rows(1, 3), untoldGot);
        // the subscriber that asked for no end keeps its subscription; the ended one is gone
        assertTrue(hub.hasSubscribers("job_1"));
        hub.publish("job_1", "sink_3", 0, rows(4, 4));
        assertEquals("{\"n\":4}", untold.poll(10, TimeUnit.SECONDS));
        assertEquals(null, events.poll(100, TimeUnit.MILLISECONDS), "nothing reaches the ended subscriber");
    }

    @Test
    void aSubscriberOfAJobThatEndedIsToldAtOnceUntilTheJobRunsAgain() throws Exception {
        hub.jobState("job_1", org.wadi.spi.job.JobState.Running);
        hub.jobState("job_1", org.wadi.spi.job.JobState.Stopped);
        CountDownLatch ended = new CountDownLatch(1);
        hub.subscribe("job_1", r -> { }, ended::countDown);
        assertTrue(ended.await(10, TimeUnit.SECONDS));
        assertFalse(hub.hasSubscribers("job_1"));

        hub.jobState("job_1", org.wadi.spi.job.JobState.Compiling);
        LinkedBlockingQueue<OutputRow> rows = new LinkedBlockingQueue<>();
        CountDownLatch endedAgain = new CountDownLatch(1);
        hub.subscribe("job_1", rows::add, endedAgain::countDown);
        hub.publish("job_1", "sink_3", 0, rows(1, 1));
        assertEquals(rows(1, 1), take(rows, 1));
        assertFalse(endedAgain.await(100, TimeUnit.MILLISECONDS), "a job running again streams");
    }

    @Test
    void everySubscriberOfAJobGetsItsRowsInOrder() throws Exception {
        LinkedBlockingQueue<OutputRow> a = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<OutputRow> b = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<OutputRow> other = new LinkedBlockingQueue<>();
        hub.subscribe("job_1", a::add);
        hub.subscribe("job_1", b::add);
        hub.subscribe("job_2", other::add);

        hub.publish("job_1", "sink_3", 1, rows(1, 3));

        assertEquals(rows(1, 3), take(a, 3));
        assertEquals(rows(1, 3), take(b, 3));
        OutputRow first = new OutputRow("sink_3", 1, "{\"n\":1}");
        hub.publish("job_2", "sink_3", 1, List.of(first.json()));
        assertEquals(first, other.poll(10, TimeUnit.SECONDS));
        assertTrue(other.isEmpty());
    }

    @Test
    void aSlowSubscriberLosesRowsWithoutHoldingUpOthers() throws Exception {
        CountDownLatch slowEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LinkedBlockingQueue<OutputRow> slowGot = new LinkedBlockingQueue<>();
        OutputHub.Subscription slow = hub.subscribe("job_1", row -> {
            slowGot.add(row);
            slowEntered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        LinkedBlockingQueue<OutputRow> fast = new LinkedBlockingQueue<>();
        OutputHub.Subscription quick = hub.subscribe("job_1", fast::add);

        hub.publish("job_1", "sink", 0, rows(1, 3));
        assertEquals(rows(1, 3), take(fast, 3));
        assertTrue(slowEntered.await(10, TimeUnit.SECONDS));
        // the slow one holds row 1 and has rows 2 and 3 queued: room for two more of its 4
        hub.publish("job_1", "sink", 0, rows(4, 6));
        assertEquals(rows(4, 6), take(fast, 3));
        hub.publish("job_1", "sink", 0, rows(7, 9));
        assertEquals(rows(7, 9), take(fast, 3));

        assertEquals(0, quick.dropped());
        assertEquals(4, slow.dropped());
        release.countDown();
        assertEquals(rows(1, 5), take(slowGot, 5));
    }

    @Test
    void aClosedSubscriptionGetsNothingMore() throws Exception {
        LinkedBlockingQueue<OutputRow> got = new LinkedBlockingQueue<>();
        AutoCloseable sub = hub.subscribe("job_1", got::add);
        hub.publish("job_1", "sink", 0, rows(1, 1));
        assertEquals(rows(1, 1), take(got, 1));

        sub.close();
        assertFalse(hub.hasSubscribers("job_1"));
        LinkedBlockingQueue<OutputRow> witness = new LinkedBlockingQueue<>();
        hub.subscribe("job_1", witness::add);
        hub.publish("job_1", "sink", 0, rows(2, 2));

        assertEquals(rows(2, 2), take(witness, 1)); // delivered to the live subscriber...
        assertTrue(got.isEmpty()); // ...and not to the closed one
    }
}
