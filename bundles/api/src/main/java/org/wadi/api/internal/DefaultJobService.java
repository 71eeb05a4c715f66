package org.wadi.api.internal;

import static org.wadi.api.service.ApiException.badRequest;
import static org.wadi.api.service.ApiException.notFound;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wadi.api.service.Checkpoint;
import org.wadi.api.service.CheckpointEventSpan;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobLogMessage;
import org.wadi.api.service.JobLogMessageCollection;
import org.wadi.api.service.JobService;
import org.wadi.api.service.JobWorker;
import org.wadi.api.service.OperatorCheckpointGroup;
import org.wadi.api.service.SubtaskCheckpointGroup;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.PlanNode;
import org.wadi.store.CheckpointOperator;
import org.wadi.store.CheckpointStore;
import org.wadi.store.JobLogStore;
import org.wadi.store.Page;
import org.wadi.store.PipelineStore;

/** The job service over the store: reads only, in Arroyo's shapes. */
@Component(service = JobService.class, configurationPid = ApiConfig.PID)
public class DefaultJobService implements JobService {

    private final PipelineStore store;
    private final CheckpointStore checkpoints;
    private final JobLogStore logs;
    private final ApiSettings settings;

    @Activate
    public DefaultJobService(@Reference PipelineStore store, @Reference CheckpointStore checkpoints,
            @Reference JobLogStore logs, ApiConfig config) {
        this(store, checkpoints, logs, ApiSettings.from(config, System.getenv()));
    }

    public DefaultJobService(PipelineStore store, CheckpointStore checkpoints, JobLogStore logs, ApiSettings settings) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.logs = logs;
        this.settings = settings;
    }

    /** The schedulers of this server, by their name: they know the workers. */
    private final Map<org.wadi.spi.scheduler.Scheduler, String> schedulers = new java.util.concurrent.ConcurrentHashMap<>();

    @Reference(service = org.wadi.spi.scheduler.Scheduler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeScheduler")
    void addScheduler(org.wadi.spi.scheduler.Scheduler s, Map<String, Object> properties) {
        schedulers.put(s, String.valueOf(properties.get(org.wadi.spi.scheduler.Scheduler.NAME_PROPERTY)));
    }

    void removeScheduler(org.wadi.spi.scheduler.Scheduler s) {
        schedulers.remove(s);
    }

    /** The controller's recent operator metrics; none while no controller runs in this server. */
    private volatile org.wadi.controller.OperatorMetrics operatorMetrics;

    @Reference(service = org.wadi.controller.OperatorMetrics.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, unbind = "unsetOperatorMetrics")
    void setOperatorMetrics(org.wadi.controller.OperatorMetrics m) {
        operatorMetrics = m;
    }

    void unsetOperatorMetrics(org.wadi.controller.OperatorMetrics m) {
        if (operatorMetrics == m) {
            operatorMetrics = null;
        }
    }

    @Override
    public List<org.wadi.api.service.OperatorMetricGroup> operatorMetricGroups(String pipelineId, String jobId) {
        org.wadi.store.Job job = Lookups.job(store, pipelineId, jobId);
        org.wadi.controller.OperatorMetrics source = operatorMetrics;
        return source == null ? List.of()
                : OperatorMetricGroups.of(source.recent(job.id()), operatorOrder(job.pipelineId()));
    }

    @Override
    public List<JobWorker> workers(String pipelineId, String jobId) {
        org.wadi.store.Job job = Lookups.job(store, pipelineId, jobId);
        List<JobWorker> out = new ArrayList<>();
        for (Map.Entry<org.wadi.spi.scheduler.Scheduler, String> e : schedulers.entrySet()) {
            for (org.wadi.spi.scheduler.WorkerHandle w : e.getKey().workers(job.id())) {
                out.add(new JobWorker(w.workerId(), w.runId(), e.getValue(), w.alive(), w.description()));
            }
        }
        out.sort(Comparator.comparing((JobWorker w) -> !w.alive()).thenComparing(JobWorker::runId, Comparator.reverseOrder())
                .thenComparing(JobWorker::workerId));
        return out;
    }

    @Override
    public List<Job> allJobs() {
        return store.allJobs().stream().map(DefaultPipelineService::view).toList();
    }

    @Override
    public List<Checkpoint> checkpoints(String pipelineId, String jobId) {
        org.wadi.store.Job job = Lookups.job(store, pipelineId, jobId);
        return checkpoints.checkpoints(job.id()).stream().map(DefaultJobService::view).toList();
    }

    @Override
    public List<OperatorCheckpointGroup> operatorCheckpointGroups(String pipelineId, String jobId, String epoch) {
        org.wadi.store.Job job = Lookups.job(store, pipelineId, jobId);
        long e = epoch(epoch);
        if (checkpoints.checkpoint(job.id(), e).isEmpty()) {
            throw notFound("checkpoint " + e + " of job '" + job.id() + "' not found: it was never taken, or "
                    + "retention removed it (GET …/jobs/" + job.id() + "/checkpoints lists those kept)");
        }
        Map<String, List<CheckpointOperator>> byOperator = new LinkedHashMap<>();
        for (String operator : operatorOrder(job.pipelineId())) {
            byOperator.put(operator, new ArrayList<>());
        }
        for (CheckpointOperator o : checkpoints.checkpointOperators(job.id(), e)) {
            byOperator.computeIfAbsent(o.operatorId(), k -> new ArrayList<>()).add(o);
        }
        List<OperatorCheckpointGroup> groups = new ArrayList<>();
        for (Map.Entry<String, List<CheckpointOperator>> entry : byOperator.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                groups.add(group(entry.getKey(), entry.getValue()));
            }
        }
        return groups;
    }

    @Override
    public JobLogMessageCollection errors(String pipelineId, String jobId, String startingAfter, Integer limit) {
        org.wadi.store.Job job = Lookups.job(store, pipelineId, jobId);
        int n = limit == null ? settings.defaultPageLimit() : limit;
        if (n < 1 || n > settings.maxPageLimit()) {
            throw badRequest("limit must be from 1 to " + settings.maxPageLimit() + ", was " + n);
        }
        String after = startingAfter == null || startingAfter.isBlank() ? null : startingAfter.trim();
        Page<org.wadi.store.JobLogMessage> page;
        try {
            page = logs.jobLogMessages(job.id(), after, n);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
        return new JobLogMessageCollection(page.data().stream().map(DefaultJobService::view).toList(), page.hasMore());
    }

    // ---- views

    static Checkpoint view(org.wadi.store.Checkpoint c) {
        List<CheckpointEventSpan> events = new ArrayList<>(2);
        if (c.finishedAt() != null) {
            events.add(span(c.startedAt(), c.finishedAt(), "Checkpointing",
                    "The whole checkpoint, from its trigger until it was recorded complete or failed"));
        }
        if (c.operatorsFinishedAt() != null) {
            events.add(span(c.startedAt(), c.operatorsFinishedAt(), "CheckpointingOperators",
                    "Every subtask aligning its barriers, taking its snapshot and storing its state"));
        }
        return new Checkpoint(c.epoch(), backend(c.storageUrl()), c.stopping() ? "stopping" : "scheduled",
                Micros.of(c.startedAt()), Micros.ofNullable(c.finishedAt()), events, c.state().wire(), c.bytes(),
                c.failure(), stateUrl(c));
    }

    /** Where a completed checkpoint lies, for a new pipeline's {@code state_url}; {@code null} for others. */
    static String stateUrl(org.wadi.store.Checkpoint c) {
        if (c.state() != org.wadi.store.CheckpointState.COMPLETED || c.storageUrl() == null || c.storageUrl().isBlank()) {
            return null;
        }
        return StateUrls.of(c.storageUrl().trim(), c.jobId(), c.epoch());
    }

    /** The storage's kind from its URL: {@code file}, {@code s3}; {@code ""} when unknown. */
    static String backend(String storageUrl) {
        if (storageUrl == null || storageUrl.isBlank()) {
            return "";
        }
        try {
            String scheme = URI.create(storageUrl.trim()).getScheme();
            return scheme == null ? "" : scheme;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static OperatorCheckpointGroup group(String operatorId, List<CheckpointOperator> subtasks) {
        subtasks.sort(Comparator.comparingInt(CheckpointOperator::subtask));
        long bytes = 0;
        Instant start = null;
        Instant finish = null;
        List<SubtaskCheckpointGroup> views = new ArrayList<>(subtasks.size());
        for (CheckpointOperator o : subtasks) {
            bytes += o.bytes();
            Instant began = o.alignmentStartedAt() != null ? o.alignmentStartedAt() : o.startedAt();
            start = start == null || began.isBefore(start) ? began : start;
            finish = finish == null || o.finishedAt().isAfter(finish) ? o.finishedAt() : finish;
            List<CheckpointEventSpan> spans = new ArrayList<>(2);
            if (o.alignmentStartedAt() != null) {
                spans.add(span(o.alignmentStartedAt(), o.startedAt(), "Alignment",
                        "Waiting for the checkpoint's barrier on every input"));
            }
            spans.add(span(o.startedAt(), o.finishedAt(), "Snapshot", "Taking the subtask's snapshot and storing its state"));
            views.add(new SubtaskCheckpointGroup(o.subtask(), o.bytes(), spans));
        }
        return new OperatorCheckpointGroup(operatorId, bytes, Micros.of(start), Micros.of(finish), views);
    }

    private static CheckpointEventSpan span(Instant start, Instant finish, String event, String description) {
        return new CheckpointEventSpan(Micros.of(start), Micros.of(finish), event, description);
    }

    /**
     * The pipeline's operators in the order of its graph, so that sources come first; empty when the
     * plan cannot be read (the operators then come in the store's order, by id).
     */
    private List<String> operatorOrder(String pipelineId) {
        return store.getPipeline(pipelineId).map(p -> {
            try {
                return PlanCodec.fromJson(p.planJson()).nodes().stream().map(PlanNode::id).toList();
            } catch (RuntimeException e) {
                return List.<String>of();
            }
        }).orElse(List.of());
    }

    private static long epoch(String text) {
        String t = text == null ? "" : text.trim();
        try {
            long e = Long.parseLong(t);
            if (e >= 1) {
                return e;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest("epoch must be a whole number from 1, was '" + text + "'");
    }

    static JobLogMessage view(org.wadi.store.JobLogMessage m) {
        return new JobLogMessage(m.id(), Micros.of(m.createdAt()), m.operatorId(),
                m.taskIndex() == null ? null : m.taskIndex().longValue(), m.level().wire(), m.message(), m.details());
    }
}
