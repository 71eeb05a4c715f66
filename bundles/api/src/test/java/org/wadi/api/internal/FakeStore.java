package org.wadi.api.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;
import org.wadi.store.Checkpoint;
import org.wadi.store.CheckpointOperator;
import org.wadi.store.CheckpointStore;
import org.wadi.store.ControllerLock;
import org.wadi.store.Job;
import org.wadi.store.JobControl;
import org.wadi.store.JobLogMessage;
import org.wadi.store.JobLogStore;
import org.wadi.store.JobTransition;
import org.wadi.store.Page;
import org.wadi.store.Pipeline;
import org.wadi.store.PipelineStore;

/**
 * An in-memory store with the contract's ordering (newest first), for tests: pipelines and jobs,
 * and what the API reads of checkpoints and job log messages, which tests put in directly.
 */
final class FakeStore implements PipelineStore, CheckpointStore, JobLogStore {

    final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    final Map<String, Job> jobs = new LinkedHashMap<>();
    final List<JobTransition> transitions = new ArrayList<>();
    /** Restart requests in order: the pipeline's id, then " force" and " ignore_state" as asked. */
    final List<String> restartRequests = new ArrayList<>();
    /** By job, by epoch. */
    final Map<String, TreeMap<Long, Checkpoint>> checkpoints = new LinkedHashMap<>();
    final List<CheckpointOperator> checkpointOperators = new ArrayList<>();
    /** Oldest first, with their ids. */
    final List<JobLogMessage> logMessages = new ArrayList<>();

    @Override
    public synchronized void createPipeline(Pipeline pipeline, Job job) {
        pipelines.put(pipeline.id(), pipeline);
        jobs.put(job.id(), job);
        transitions.add(new JobTransition(job.id(), null, job.state(), "created", job.createdAt()));
    }

    @Override
    public synchronized Page<Pipeline> listPipelines(String startingAfter, int limit) {
        List<Pipeline> all = newestFirst();
        int from = 0;
        if (startingAfter != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(startingAfter)) {
                    from = i + 1;
                }
            }
        }
        int to = Math.min(all.size(), from + limit);
        return new Page<>(List.copyOf(all.subList(from, to)), to < all.size());
    }

    private List<Pipeline> newestFirst() {
        List<Pipeline> all = new ArrayList<>(pipelines.values());
        // insertion order breaks ties of equal creation times
        List<Pipeline> reversed = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            reversed.add(all.get(i));
        }
        reversed.sort(Comparator.comparing(Pipeline::createdAt).reversed());
        return reversed;
    }

    @Override
    public synchronized Optional<Pipeline> getPipeline(String id) {
        return Optional.ofNullable(pipelines.get(id));
    }

    @Override
    public synchronized boolean setStop(String pipelineId, StopMode stop) {
        Pipeline p = pipelines.get(pipelineId);
        if (p == null) {
            return false;
        }
        pipelines.put(p.id(), new Pipeline(p.id(), p.name(), p.query(), p.parallelism(),
                p.checkpointIntervalMicros(), p.planJson(), stop, p.createdAt(), p.updatedAt()).with(p.ttlMicros(), p.initialState().orElse(null)));
        jobsForPipeline(pipelineId).stream().findFirst().ifPresent(j -> jobs.put(j.id(), withRunningDesired(j, stop == StopMode.NONE)));
        return true;
    }

    @Override
    public synchronized boolean requestRestart(String pipelineId, boolean force, boolean ignoreState) {
        if (!setStop(pipelineId, StopMode.NONE)) {
            return false;
        }
        restartRequests.add(pipelineId + (force ? " force" : "") + (ignoreState ? " ignore_state" : ""));
        return true;
    }

    @Override
    public synchronized boolean rescale(String pipelineId, int parallelism, String planJson) {
        Pipeline p = pipelines.get(pipelineId);
        if (p == null) {
            return false;
        }
        pipelines.put(p.id(), new Pipeline(p.id(), p.name(), p.query(), parallelism, p.checkpointIntervalMicros(),
                planJson, p.stop(), p.createdAt(), p.updatedAt()).with(p.ttlMicros(), p.initialState().orElse(null)));
        return true;
    }

    @Override
    public synchronized Optional<JobControl> jobControl(String jobId) {
        Job j = jobs.get(jobId);
        return j == null ? Optional.empty() : Optional.of(new JobControl(pipelines.get(j.pipelineId()).parallelism(),
                restartRequests.stream().filter(r -> r.startsWith(j.pipelineId())).count(), 0, false, false));
    }

    @Override
    public synchronized boolean restartTaken(String jobId, long nonce) {
        return jobs.containsKey(jobId);
    }

    @Override
    public ControllerLock controllerLock() {
        throw new UnsupportedOperationException("the API never takes the controller lock");
    }

    private static Job withRunningDesired(Job j, boolean runningDesired) {
        return new Job(j.id(), j.pipelineId(), j.state(), runningDesired, j.runId(), j.startTime(), j.finishTime(),
                j.tasks(), j.failureMessage(), j.failureDomain(), j.createdAt(), j.updatedAt());
    }

    @Override
    public synchronized boolean deletePipeline(String id) {
        if (pipelines.remove(id) == null) {
            return false;
        }
        jobs.values().removeIf(j -> j.pipelineId().equals(id));
        return true;
    }

    @Override
    public synchronized List<Job> jobsForPipeline(String pipelineId) {
        jobQueries.incrementAndGet();
        List<Job> result = new ArrayList<>();
        for (Job j : jobs.values()) {
            if (j.pipelineId().equals(pipelineId)) {
                result.add(0, j);
            }
        }
        return result;
    }

    /** How often {@link #jobsForPipeline} and {@link #latestJobs} were asked: the queries a real store would run. */
    final java.util.concurrent.atomic.AtomicInteger jobQueries = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public synchronized Map<String, Job> latestJobs(java.util.Collection<String> pipelineIds) {
        jobQueries.incrementAndGet();
        Map<String, Job> latest = new LinkedHashMap<>();
        for (Job j : jobs.values()) {
            if (pipelineIds.contains(j.pipelineId())) {
                latest.put(j.pipelineId(), j); // the later inserted is the newer
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
        // insertion order breaks ties of equal creation times
        java.util.Collections.reverse(all);
        all.sort(Comparator.comparing(Job::createdAt).reversed());
        return all;
    }

    @Override
    public synchronized Map<JobState, Long> jobCountsByState() {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        jobs.values().forEach(j -> counts.merge(j.state(), 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized List<Job> activeJobs() {
        return jobs.values().stream().filter(j -> !j.state().isFinal()).toList();
    }

    @Override
    public synchronized boolean transition(Job job, JobState from, String reason) {
        Job current = jobs.get(job.id());
        if (current == null || current.state() != from) {
            return false;
        }
        jobs.put(job.id(), job);
        transitions.add(new JobTransition(job.id(), from, job.state(), reason, job.updatedAt()));
        return true;
    }

    @Override
    public synchronized List<JobTransition> history(String jobId) {
        return transitions.stream().filter(t -> t.jobId().equals(jobId)).toList();
    }

    @Override
    public AutoCloseable onChange(Runnable callback) {
        return () -> { };
    }

    /** Moves the job to {@code state} as the controller would. */
    synchronized void move(String jobId, JobState state, String reason) {
        Job j = jobs.get(jobId);
        Job moved = new Job(j.id(), j.pipelineId(), state, j.runningDesired(), j.runId(), j.startTime(),
                j.finishTime(), j.tasks(), j.failureMessage(), j.failureDomain(), j.createdAt(), j.updatedAt());
        if (!transition(moved, j.state(), reason)) {
            throw new IllegalStateException("transition failed");
        }
    }

    // ---- checkpoints: what the API reads; tests add them with put

    synchronized void put(Checkpoint c, CheckpointOperator... operators) {
        checkpoints.computeIfAbsent(c.jobId(), k -> new TreeMap<>()).put(c.epoch(), c);
        checkpointOperators.addAll(List.of(operators));
    }

    @Override
    public void checkpointStarted(String jobId, long runId, long epoch, Instant startedAt, boolean stopping,
            String storageUrl) {
        throw new UnsupportedOperationException("the API does not write checkpoints");
    }

    @Override
    public boolean checkpointCompleted(String jobId, long epoch, Instant finishedAt, long bytes,
            List<CheckpointOperator> operators) {
        throw new UnsupportedOperationException("the API does not write checkpoints");
    }

    @Override
    public boolean checkpointFailed(String jobId, long epoch, Instant finishedAt, String reason) {
        throw new UnsupportedOperationException("the API does not write checkpoints");
    }

    @Override
    public int failInProgressCheckpoints(String jobId, Instant finishedAt, String reason) {
        throw new UnsupportedOperationException("the API does not write checkpoints");
    }

    @Override
    public synchronized List<Checkpoint> checkpoints(String jobId) {
        return List.copyOf(checkpoints.getOrDefault(jobId, new TreeMap<>()).values());
    }

    @Override
    public synchronized Optional<Checkpoint> latestCompletedCheckpoint(String jobId) {
        throw new UnsupportedOperationException("the API does not restore checkpoints");
    }

    @Override
    public synchronized Optional<Checkpoint> checkpoint(String jobId, long epoch) {
        return Optional.ofNullable(checkpoints.getOrDefault(jobId, new TreeMap<>()).get(epoch));
    }

    @Override
    public synchronized long lastCheckpointEpoch(String jobId) {
        throw new UnsupportedOperationException("the API does not take checkpoints");
    }

    @Override
    public synchronized List<CheckpointOperator> checkpointOperators(String jobId, long epoch) {
        return checkpointOperators.stream().filter(o -> o.jobId().equals(jobId) && o.epoch() == epoch)
                .sorted(Comparator.comparing(CheckpointOperator::operatorId).thenComparingInt(CheckpointOperator::subtask))
                .toList();
    }

    @Override
    public int deleteCheckpointsBefore(String jobId, long epoch) {
        throw new UnsupportedOperationException("the API does not delete checkpoints");
    }

    // ---- job log messages

    @Override
    public synchronized void appendJobLogMessages(List<JobLogMessage> messages, int keepPerJob) {
        for (JobLogMessage m : messages) {
            logMessages.add(new JobLogMessage("jlm_" + (logMessages.size() + 1), m.jobId(), m.runId(), m.createdAt(),
                    m.operatorId(), m.taskIndex(), m.level(), m.message(), m.details()));
        }
    }

    @Override
    public synchronized Page<JobLogMessage> jobLogMessages(String jobId, String startingAfter, int limit) {
        long before = Long.MAX_VALUE;
        if (startingAfter != null) {
            if (!startingAfter.matches("jlm_\\d+")) {
                throw new IllegalArgumentException("no error '" + startingAfter + "' of job " + jobId
                        + " to list after (starting_after): ids look like jlm_123");
            }
            before = Long.parseLong(startingAfter.substring(4));
        }
        List<JobLogMessage> newestFirst = new ArrayList<>();
        for (int i = logMessages.size() - 1; i >= 0; i--) {
            JobLogMessage m = logMessages.get(i);
            if (m.jobId().equals(jobId) && i + 1 < before) {
                newestFirst.add(m);
            }
        }
        return new Page<>(List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size()))),
                newestFirst.size() > limit);
    }
}
