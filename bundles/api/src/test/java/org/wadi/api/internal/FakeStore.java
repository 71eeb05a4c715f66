package org.wadi.api.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;
import org.wadi.store.Job;
import org.wadi.store.JobTransition;
import org.wadi.store.Page;
import org.wadi.store.Pipeline;
import org.wadi.store.PipelineStore;

/** An in-memory store with the contract's ordering (newest first), for tests. */
final class FakeStore implements PipelineStore {

    final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    final Map<String, Job> jobs = new LinkedHashMap<>();
    final List<JobTransition> transitions = new ArrayList<>();

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
                p.checkpointIntervalMicros(), p.planJson(), stop, p.createdAt(), p.updatedAt()));
        jobsForPipeline(pipelineId).stream().findFirst().ifPresent(j -> jobs.put(j.id(), withRunningDesired(j, stop == StopMode.NONE)));
        return true;
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
        List<Job> result = new ArrayList<>();
        for (Job j : jobs.values()) {
            if (j.pipelineId().equals(pipelineId)) {
                result.add(0, j);
            }
        }
        return result;
    }

    @Override
    public synchronized Optional<Job> getJob(String id) {
        return Optional.ofNullable(jobs.get(id));
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
}
