package org.wadi.controller.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.wadi.store.JobLogMessage;
import org.wadi.store.JobLogStore;
import org.wadi.store.Page;

/** An in-memory {@link JobLogStore} that tests can wait on; it can be told to fail. */
class FakeJobLogStore implements JobLogStore {

    private final List<JobLogMessage> messages = new ArrayList<>();
    private int seq;
    /** When set, appends throw it. */
    volatile RuntimeException failure;

    @Override
    public synchronized void appendJobLogMessages(List<JobLogMessage> batch, int keepPerJob) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        for (JobLogMessage m : batch) {
            messages.add(new JobLogMessage("jlm_" + ++seq, m.jobId(), m.runId(), m.createdAt(), m.operatorId(),
                    m.taskIndex(), m.level(), m.message(), m.details()));
        }
        notifyAll();
    }

    @Override
    public synchronized Page<JobLogMessage> jobLogMessages(String jobId, String startingAfter, int limit) {
        List<JobLogMessage> newestFirst = new ArrayList<>(of(jobId));
        java.util.Collections.reverse(newestFirst);
        return new Page<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())), newestFirst.size() > limit);
    }

    /** The job's messages, oldest first. */
    synchronized List<JobLogMessage> of(String jobId) {
        return messages.stream().filter(m -> m.jobId().equals(jobId)).toList();
    }

    /** Waits until a message of the job matches, and returns it; fails with what there is otherwise. */
    synchronized JobLogMessage await(String jobId, Predicate<JobLogMessage> condition, String what)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (JobLogMessage m : of(jobId)) {
                if (condition.test(m)) {
                    return m;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no log message of job " + jobId + " is " + what + "; there are " + of(jobId));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
