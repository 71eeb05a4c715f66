package org.wadi.controller.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;
import org.wadi.store.ControllerLock;
import org.wadi.store.Job;
import org.wadi.store.JobControl;
import org.wadi.store.JobTransition;
import org.wadi.store.Page;
import org.wadi.store.Pipeline;
import org.wadi.store.PipelineStore;

/** An in-memory {@link PipelineStore} with the store's semantics, and waiting on job changes. */
final class FakeStore implements PipelineStore {

    private final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final List<JobTransition> history = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Per pipeline: the restart nonce and the newest request's options (force, ignore_state). */
    private final Map<String, long[]> restarts = new LinkedHashMap<>();
    /** Per job: the newest restart nonce the controller took. */
    private final Map<String, Long> restartsTaken = new LinkedHashMap<>();

    @Override
    public synchronized void createPipeline(Pipeline pipeline, Job job) {
        pipelines.put(pipeline.id(), pipeline);
        jobs.put(job.id(), job);
        history.add(new JobTransition(job.id(), null, job.state(), "job created", Instant.now()));
        notifyAll();
        fire();
    }

    /** Puts a job in any state, as a previous controller may have left it. */
    synchronized void putJob(Pipeline pipeline, Job job) {
        pipelines.put(pipeline.id(), pipeline);
        jobs.put(job.id(), job);
    }

    @Override
    public synchronized Page<Pipeline> listPipelines(String startingAfter, int limit) {
        return new Page<>(List.copyOf(pipelines.values()), false);
    }

    @Override
    public synchronized Optional<Pipeline> getPipeline(String id) {
        return Optional.ofNullable(pipelines.get(id));
    }

    @Override
    public boolean setStop(String pipelineId, StopMode stop) {
        synchronized (this) {
            Pipeline p = pipelines.get(pipelineId);
            if (p == null) {
                return false;
            }
            pipelines.put(pipelineId, new Pipeline(p.id(), p.name(), p.query(), p.parallelism(),
                    p.checkpointIntervalMicros(), p.planJson(), stop, p.createdAt(), Instant.now()).with(p.ttlMicros(), p.initialState().orElse(null)));
            jobs.replaceAll((id, j) -> j.pipelineId().equals(pipelineId)
                    ? new Job(j.id(), j.pipelineId(), j.state(), stop == StopMode.NONE, j.runId(), j.startTime(),
                            j.finishTime(), j.tasks(), j.failureMessage(), j.failureDomain(), j.createdAt(), Instant.now())
                    : j);
            notifyAll();
        }
        fire();
        return true;
    }

    @Override
    public boolean requestRestart(String pipelineId, boolean force, boolean ignoreState) {
        synchronized (this) {
            if (!pipelines.containsKey(pipelineId)) {
                return false;
            }
            long nonce = restarts.getOrDefault(pipelineId, new long[] {0, 0, 0})[0] + 1;
            restarts.put(pipelineId, new long[] {nonce, force ? 1 : 0, ignoreState ? 1 : 0});
        }
        return setStop(pipelineId, StopMode.NONE);
    }

    @Override
    public boolean rescale(String pipelineId, int parallelism, String planJson) {
        synchronized (this) {
            Pipeline p = pipelines.get(pipelineId);
            if (p == null) {
                return false;
            }
            pipelines.put(pipelineId, new Pipeline(p.id(), p.name(), p.query(), parallelism,
                    p.checkpointIntervalMicros(), planJson, p.stop(), p.createdAt(), Instant.now()).with(p.ttlMicros(), p.initialState().orElse(null)));
            notifyAll();
        }
        fire();
        return true;
    }

    @Override
    public synchronized Optional<JobControl> jobControl(String jobId) {
        Job j = jobs.get(jobId);
        if (j == null) {
            return Optional.empty();
        }
        long[] r = restarts.getOrDefault(j.pipelineId(), new long[] {0, 0, 0});
        return Optional.of(new JobControl(pipelines.get(j.pipelineId()).parallelism(), r[0],
                restartsTaken.getOrDefault(jobId, 0L), r[1] == 1, r[2] == 1));
    }

    @Override
    public synchronized boolean restartTaken(String jobId, long nonce) {
        if (!jobs.containsKey(jobId)) {
            return false;
        }
        restartsTaken.merge(jobId, nonce, Math::max);
        return true;
    }

    @Override
    public synchronized boolean deletePipeline(String id) {
        jobs.values().removeIf(j -> j.pipelineId().equals(id));
        return pipelines.remove(id) != null;
    }

    @Override
    public synchronized List<Job> jobsForPipeline(String pipelineId) {
        return jobs.values().stream().filter(j -> j.pipelineId().equals(pipelineId)).toList();
    }

    /** The job created last of each pipeline. */
    @Override
    public synchronized Map<String, Job> latestJobs(java.util.Collection<String> pipelineIds) {
        Map<String, Job> latest = new LinkedHashMap<>();
        for (Job j : jobs.values()) {
            if (pipelineIds.contains(j.pipelineId())) {
                latest.put(j.pipelineId(), j);
            }
        }
        return latest;
    }

    @Override
    public synchronized Optional<Job> getJob(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized List<Job> allJobs() {
        List<Job> all = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(all);
        return all;
    }

    @Override
    public synchronized Map<JobState, Long> jobCountsByState() {
        Map<JobState, Long> counts = new java.util.EnumMap<>(JobState.class);
        jobs.values().forEach(j -> counts.merge(j.state(), 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized List<Job> activeJobs() {
        return jobs.values().stream()
                .filter(j -> !j.state().isFinal() || (j.state() == JobState.Stopped && j.runningDesired())
                        || jobControl(j.id()).orElseThrow().restartPending())
                .toList();
    }

    @Override
    public synchronized boolean transition(Job job, JobState from, String reason) {
        Job current = jobs.get(job.id());
        if (current == null || current.state() != from) {
            return false;
        }
        // desired state is the API's to write; the controller writes the actual state
        jobs.put(job.id(), new Job(job.id(), job.pipelineId(), job.state(), current.runningDesired(), job.runId(),
                job.startTime(), job.finishTime(), job.tasks(), job.failureMessage(), job.failureDomain(),
                current.createdAt(), Instant.now()));
        history.add(new JobTransition(job.id(), from, job.state(), reason, Instant.now()));
        notifyAll();
        return true;
    }

    @Override
    public synchronized List<JobTransition> history(String jobId) {
        return history.stream().filter(t -> t.jobId().equals(jobId)).toList();
    }

    /** A lock of a database only this process uses: always held. */
    @Override
    public ControllerLock controllerLock() {
        return new ControllerLock() {
            @Override
            public boolean hold() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public AutoCloseable onChange(Runnable callback) {
        listeners.add(callback);
        return () -> listeners.remove(callback);
    }

    private void fire() {
        listeners.forEach(Runnable::run);
    }

    /** Waits until {@code condition} holds for the job; fails with its history if it does not in time. */
    synchronized Job await(String jobId, Predicate<Job> condition, String what, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Job j = jobs.get(jobId);
            if (j != null && condition.test(j)) {
                return j;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("job " + jobId + " did not become " + what + " within " + timeout
                        + "; it is " + (j == null ? "missing" : j.state()) + ", history: " + history(jobId));
            }
            // re-check now and then too: some conditions (a scheduler's calls) do not notify the store
            wait(Math.max(1, Math.min(20, left / 1_000_000)));
        }
    }

    Job awaitState(String jobId, JobState state) throws InterruptedException {
        return await(jobId, j -> j.state() == state, state.name(), Duration.ofSeconds(10));
    }
}
