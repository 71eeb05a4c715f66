package org.wadi.controller.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.SchedulerException;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;

/** Starts {@link TestWorker}s in the test's JVM; stopping them drops their connections, as a killed process would. */
final class FakeScheduler implements Scheduler {

    record Stop(String jobId, long runId, boolean force) {
    }

    private final AtomicInteger ids = new AtomicInteger();
    final List<WorkerRequest> requests = new CopyOnWriteArrayList<>();
    final List<Stop> stops = new CopyOnWriteArrayList<>();
    final List<TestWorker> workers = new CopyOnWriteArrayList<>();
    /** Whether started workers register at all (false: the scheduler "starts" nothing). */
    volatile boolean startWorkers = true;
    /** Whether workers finish their tasks when the controller asks them to stop. */
    volatile boolean honourStop = true;
    volatile String failWith;
    /** Where workers store checkpoint state; null: they ignore checkpoints. */
    volatile org.wadi.storage.ObjectStore checkpointStore;
    /** The checkpoint workers report as failed, or -1. */
    volatile long failEpoch = -1;
    /** Workers that "exited" without registering, as a JVM with a bad option would. */
    final List<WorkerHandle> dead = new CopyOnWriteArrayList<>();
    /** How often the controller prepared and released this scheduler. */
    final AtomicInteger prepared = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();

    @Override
    public void prepare() {
        prepared.incrementAndGet();
    }

    @Override
    public void release() {
        released.incrementAndGet();
    }

    @Override
    public void startWorkers(WorkerRequest request) throws SchedulerException {
        requests.add(request);
        if (failWith != null) {
            throw new SchedulerException(failWith);
        }
        if (!startWorkers) {
            return;
        }
        for (int i = 0; i < request.workers(); i++) {
            workers.add(new TestWorker("wkr_test" + ids.incrementAndGet(), request.jobId(), request.runId(),
                    request.controllerAddress(), request.slotsPerWorker(), honourStop, checkpointStore, failEpoch));
        }
    }

    @Override
    public void stopWorkers(String jobId, long runId, boolean force) {
        stops.add(new Stop(jobId, runId, force));
        for (TestWorker w : workers) {
            if (w.jobId().equals(jobId) && (runId < 0 || w.runId() == runId)) {
                w.crash();
            }
        }
    }

    @Override
    public List<WorkerHandle> workers(String jobId) {
        List<WorkerHandle> out = new ArrayList<>(dead.stream().filter(h -> h.jobId().equals(jobId)).toList());
        for (TestWorker w : workers) {
            if (w.jobId().equals(jobId)) {
                out.add(new WorkerHandle(w.workerId(), jobId, w.runId(), "in test", true));
            }
        }
        return out;
    }

    List<TestWorker> workersOf(String jobId, long runId) {
        return workers.stream().filter(w -> w.jobId().equals(jobId) && w.runId() == runId).toList();
    }
}
