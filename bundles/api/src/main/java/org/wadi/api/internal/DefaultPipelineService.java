package org.wadi.api.internal;

import static org.wadi.api.service.ApiException.badRequest;
import static org.wadi.api.service.ApiException.conflict;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.Job;
import org.wadi.api.service.JobTransition;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelineCollection;
import org.wadi.api.service.PipelineGraph;
import org.wadi.api.service.PipelinePatch;
import org.wadi.api.service.PipelinePost;
import org.wadi.api.service.PipelineRestart;
import org.wadi.api.service.PipelineService;
import org.wadi.api.service.PreviewPost;
import org.wadi.api.service.QueryDiagnostic;
import org.wadi.api.service.QueryValidationResult;
import org.wadi.api.service.ValidateQueryPost;
import org.wadi.controller.SchedulerConfigCheck;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.SqlPlanner;
import org.wadi.storage.StorageProvider;
import org.wadi.store.CheckpointRef;
import org.wadi.store.Page;
import org.wadi.store.PipelineStore;
import org.wadi.store.UdfStore;
import org.wadi.sql.JavaUdfValidation;

/**
 * The pipeline service over the SQL planner and the store. Stateless: everything it knows is in the
 * store; it writes desired state only.
 */
@Component(service = PipelineService.class, configurationPid = ApiConfig.PID)
@Designate(ocd = ApiConfig.class)
public class DefaultPipelineService implements PipelineService {

    static final int MAX_NAME_LENGTH = 255;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> SCHEDULER_CONFIG =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };
    private static final Pattern HAS_POSITION = Pattern.compile("line \\d+, column \\d+");

    private final SqlPlanner planner;
    private final PipelineStore store;
    private final ApiSettings settings;
    private final Clock clock;
    /**
     * Where checkpoints are read to check a {@code state_url}: optional and dynamic, so that the
     * pipeline service does not depend on the storage being configured; only a {@code state_url}
     * needs it.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StorageProvider storage;

    /** The saved Java source functions: optional, so that a store without them still plans pipelines. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile UdfStore udfs;

    /**
     * Checks the {@code scheduler_config} of new pipelines against the server's scheduler: optional
     * and dynamic, so that the pipeline service does not wait for the controller; only a pipeline
     * with a {@code scheduler_config} needs it.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SchedulerConfigCheck schedulerConfigs;

    @Activate
    public DefaultPipelineService(@Reference SqlPlanner planner, @Reference PipelineStore store, ApiConfig config) {
        this(planner, store, ApiSettings.from(config, System.getenv()), Clock.systemUTC());
    }

    public DefaultPipelineService(SqlPlanner planner, PipelineStore store, ApiSettings settings, Clock clock) {
        this.planner = planner;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** The service with the check of {@code scheduler_config}s (null: none is available). */
    public DefaultPipelineService(SqlPlanner planner, PipelineStore store, ApiSettings settings, Clock clock,
            SchedulerConfigCheck schedulerConfigs) {
        this(planner, store, settings, clock);
        this.schedulerConfigs = schedulerConfigs;
    }

    /** The service with the checkpoint storage that {@code state_url}s are checked against. */
    public DefaultPipelineService(SqlPlanner planner, PipelineStore store, ApiSettings settings, Clock clock,
            StorageProvider storage) {
        this(planner, store, settings, clock);
        this.storage = storage;
    }

    @Override
    public Pipeline create(PipelinePost post) {
        if (post == null) {
            throw badRequest("request body is required: {\"name\", \"query\", \"parallelism\"}");
        }
        String name = validName(post.name());
        String query = validQuery(post.query());
        int parallelism = validParallelism(post.parallelism());
        long interval = validCheckpointInterval(post.checkpointIntervalMicros());
        List<String> javaUdfs = JavaUdfs.sources(post.udfs());
        boolean preview = Boolean.TRUE.equals(post.preview());
        String stateUrl = post.stateUrl() == null || post.stateUrl().isBlank() ? null : post.stateUrl();
        if (preview && stateUrl != null) {
            throw badRequest("a preview pipeline starts without state: send \"state_url\" only with \"preview\": false");
        }
        String schedulerConfig = validSchedulerConfig(post.schedulerConfig());
        return create(name, query, preview ? 1 : parallelism, interval, preview, false, stateUrl, javaUdfs,
                schedulerConfig);
    }

    @Override
    public Pipeline preview(PreviewPost post) {
        if (post == null) {
            throw badRequest("request body is required: {\"query\": \"…\"}");
        }
        String query = validQuery(post.query());
        List<String> javaUdfs = JavaUdfs.sources(post.udfs());
        return create(Previews.NAME, query, 1, settings.defaultCheckpointIntervalMicros(), true,
                Boolean.TRUE.equals(post.enableSinks()), null, javaUdfs, org.wadi.store.Pipeline.NO_SCHEDULER_CONFIG);
    }

    /**
     * Plans and stores a pipeline from checked values: a preview gets the preview sinks (unless
     * {@code enableSinks}) and its time to live; a {@code stateUrl} is checked against the plan.
     */
    private Pipeline create(String name, String query, int parallelism, long interval, boolean preview,
            boolean enableSinks, String stateUrl, List<String> javaUdfs, String schedulerConfig) {
        CheckpointRef initial = stateUrl == null ? null : StateUrls.parse(stateUrl);
        requireRoomForAnotherJob(preview ? "a preview" : "pipeline '" + name + "'");
        DataflowPlan plan = plan(query, parallelism, javaUdfs);
        if (preview && !enableSinks) {
            plan = Previews.withPreviewSinks(plan);
        }
        if (initial != null) {
            StateUrls.check(storage, stateUrl, initial, plan);
        }

        Instant now = clock.instant();
        org.wadi.store.Pipeline pipeline = new org.wadi.store.Pipeline(
                Ids.generate(Ids.PIPELINE), name, query, parallelism, interval, PlanCodec.toJson(plan),
                StopMode.NONE, now, now).with(preview ? Previews.TTL.toNanos() / 1_000 : null, initial)
                .withSchedulerConfig(schedulerConfig);
        org.wadi.store.Job job = new org.wadi.store.Job(
                Ids.generate(Ids.JOB), pipeline.id(), JobState.Created, true, 0, null, null, null, null, null,
                now, now);
        store.createPipeline(pipeline, job);
        return view(pipeline, Optional.of(job), GraphMapper.graph(plan));
    }

    @Override
    public PipelineCollection list(String startingAfter, Integer limit) {
        int n = limit == null ? settings.defaultPageLimit() : limit;
        if (n < 1 || n > settings.maxPageLimit()) {
            throw badRequest("limit must be from 1 to " + settings.maxPageLimit() + ", was " + n);
        }
        String after = startingAfter == null || startingAfter.isBlank() ? null : startingAfter.trim();
        Page<org.wadi.store.Pipeline> page = store.listPipelines(after, n);
        // the page's newest jobs in one query, not one per pipeline
        Map<String, org.wadi.store.Job> latest = page.data().isEmpty() ? Map.of()
                : store.latestJobs(page.data().stream().map(org.wadi.store.Pipeline::id).toList());
        List<Pipeline> data = new ArrayList<>(page.data().size());
        for (org.wadi.store.Pipeline p : page.data()) {
            data.add(view(p, Optional.ofNullable(latest.get(p.id())), GraphMapper.graph(decode(p))));
        }
        return new PipelineCollection(data, page.hasMore());
    }

    @Override
    public Pipeline get(String pipelineId) {
        return view(pipeline(pipelineId));
    }

    @Override
    public Pipeline patch(String pipelineId, PipelinePatch patch) {
        org.wadi.store.Pipeline pipeline = pipeline(pipelineId);
        if (patch == null) {
            throw badRequest("request body is required: {\"stop\": \"none|checkpoint|graceful|immediate|force\"}");
        }
        if (patch.checkpointIntervalMicros() != null) {
            throw badRequest("changing checkpoint_interval_micros is not supported yet: pipeline '"
                    + pipeline.id() + "' keeps " + pipeline.checkpointIntervalMicros());
        }
        if (patch.parallelism() != null) {
            int parallelism = validParallelism(patch.parallelism());
            if (pipeline.preview() && parallelism != pipeline.parallelism()) {
                throw badRequest("pipeline '" + pipeline.id() + "' is a preview, which runs at parallelism "
                        + pipeline.parallelism() + ": its parallelism cannot be changed");
            }
            if (parallelism != pipeline.parallelism()
                    && !store.rescale(pipeline.id(), parallelism, PlanCodec.toJson(plan(pipeline.query(), parallelism,
                            JavaUdfs.sourcesOf(decode(pipeline)))))) {
                throw Lookups.pipelineNotFound(pipeline.id());
            }
        }
        if (patch.stop() == StopMode.NONE && pipeline.stop() != StopMode.NONE && !hasLiveJob(pipeline.id())) {
            requireRoomForAnotherJob("resuming pipeline '" + pipeline.id() + "'");
        }
        if (patch.stop() != null && !store.setStop(pipeline.id(), patch.stop())) {
            throw Lookups.pipelineNotFound(pipeline.id());
        }
        return get(pipeline.id());
    }

    @Override
    public Pipeline restart(String pipelineId, PipelineRestart restart) {
        org.wadi.store.Pipeline pipeline = pipeline(pipelineId);
        PipelineRestart r = restart == null ? new PipelineRestart(null, null) : restart;
        if (!hasLiveJob(pipeline.id())) {
            requireRoomForAnotherJob("restarting pipeline '" + pipeline.id() + "'");
        }
        if (!store.requestRestart(pipeline.id(), r.forced(), r.withoutState())) {
            throw Lookups.pipelineNotFound(pipeline.id());
        }
        return get(pipeline.id());
    }

    @Override
    public void delete(String pipelineId) {
        org.wadi.store.Pipeline pipeline = pipeline(pipelineId);
        for (org.wadi.store.Job job : store.jobsForPipeline(pipeline.id())) {
            if (!job.state().isFinal()) {
                throw conflict("pipeline '" + pipeline.id() + "' cannot be deleted while its job '" + job.id()
                        + "' is " + job.state() + ": stop it first (PATCH with {\"stop\": \"checkpoint\"}) and "
                        + "delete it once the job is Stopped, Finished or Failed");
            }
        }
        if (!store.deletePipeline(pipeline.id())) {
            throw Lookups.pipelineNotFound(pipeline.id());
        }
    }

    @Override
    public List<Job> jobs(String pipelineId) {
        org.wadi.store.Pipeline pipeline = pipeline(pipelineId);
        return store.jobsForPipeline(pipeline.id()).stream().map(DefaultPipelineService::view).toList();
    }

    @Override
    public Job job(String pipelineId, String jobId) {
        return view(storedJob(pipelineId, jobId));
    }

    @Override
    public List<JobTransition> history(String pipelineId, String jobId) {
        org.wadi.store.Job job = storedJob(pipelineId, jobId);
        return store.history(job.id()).stream()
                .map(t -> new JobTransition(t.from() == null ? null : t.from().name(), t.to().name(), t.reason(),
                        Micros.of(t.at())))
                .toList();
    }

    @Override
    public QueryValidationResult validate(ValidateQueryPost post) {
        if (post == null) {
            throw badRequest("request body is required: {\"query\": \"…\"}");
        }
        List<String> javaUdfs = JavaUdfs.sources(post.udfs());
        String query = post.query() == null ? "" : post.query();
        if (query.length() > settings.maxQueryLength()) {
            throw badRequest(queryTooLong(query));
        }
        if (query.isBlank()) {
            String message = "query must not be empty";
            return new QueryValidationResult(null, List.of(new QueryDiagnostic(message, null)));
        }
        PlanResult result = planner.plan(query, 1, withSaved(query, javaUdfs));
        if (result.ok()) {
            return new QueryValidationResult(GraphMapper.graph(requirePlan(result)), List.of());
        }
        return new QueryValidationResult(null,
                result.errors().stream().map(DefaultPipelineService::diagnostic).toList());
    }

    // ---- validation

    private static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw badRequest("name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw badRequest("name must be at most " + MAX_NAME_LENGTH + " characters, was " + name.length());
        }
        return name;
    }

    private String validQuery(String query) {
        if (query == null || query.isBlank()) {
            throw badRequest("query must not be empty");
        }
        if (query.length() > settings.maxQueryLength()) {
            throw badRequest(queryTooLong(query));
        }
        return query;
    }

    private String queryTooLong(String query) {
        return "query must be at most " + settings.maxQueryLength() + " characters, was " + query.length();
    }

    /**
     * The {@code scheduler_config} as the store keeps it (JSON text), once the server's scheduler
     * accepted it: 400 naming unknown keys (and the supported ones) or a bad value, 503 when the
     * scheduler is not there to ask.
     */
    private String validSchedulerConfig(Map<String, Object> config) {
        if (config == null || config.isEmpty()) {
            return org.wadi.store.Pipeline.NO_SCHEDULER_CONFIG;
        }
        SchedulerConfigCheck check = schedulerConfigs;
        if (check == null) {
            throw new ApiException(ApiException.Kind.UNAVAILABLE, "scheduler_config cannot be checked now: the controller"
                    + " of this server is not available (yet); try again, or create the pipeline without it");
        }
        try {
            check.check(config);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(ApiException.Kind.UNAVAILABLE, e.getMessage());
        }
        try {
            return JSON.writeValueAsString(config);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw badRequest("scheduler_config cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** The stored {@code scheduler_config} as the API shows it. */
    private static Map<String, Object> schedulerConfig(org.wadi.store.Pipeline p) {
        try {
            Map<String, Object> config = JSON.readValue(p.schedulerConfig(), SCHEDULER_CONFIG);
            return config == null ? Map.of() : config;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the store keeps JSON objects only: text that does not read is our fault, not the caller's
            throw new IllegalStateException("the stored scheduler_config of pipeline " + p.id() + " cannot be read", e);
        }
    }

    private int validParallelism(Long parallelism) {
        if (parallelism == null) {
            throw badRequest("parallelism is required: a number from 1 to " + settings.maxParallelism());
        }
        if (parallelism < 1 || parallelism > settings.maxParallelism()) {
            throw badRequest("parallelism must be from 1 to " + settings.maxParallelism() + ", was " + parallelism);
        }
        return parallelism.intValue();
    }

    private long validCheckpointInterval(Long micros) {
        if (micros == null) {
            return settings.defaultCheckpointIntervalMicros();
        }
        if (micros < ApiSettings.MIN_CHECKPOINT_INTERVAL_MICROS || micros > ApiSettings.MAX_CHECKPOINT_INTERVAL_MICROS) {
            throw badRequest("checkpoint_interval_micros must be between 1 second (1000000) and 1 day (86400000000), was "
                    + micros);
        }
        return micros;
    }

    // ---- the cap on running pipelines

    /**
     * Refuses to start another job when {@code api.max.pipelines} jobs have not ended yet. Checked
     * when a job is asked for, so that concurrent requests may pass it by a few: it protects the
     * server from an unbounded number of jobs, not a quota to the unit.
     */
    private void requireRoomForAnotherJob(String what) {
        long live = store.jobCountsByState().entrySet().stream()
                .filter(e -> !e.getKey().isFinal())
                .mapToLong(java.util.Map.Entry::getValue).sum();
        if (live >= settings.maxPipelines()) {
            throw conflict(what + " is refused: " + live + " pipelines are running or starting, the most this server"
                    + " runs at once (api.max.pipelines = " + settings.maxPipelines() + "); stop one, or wait until"
                    + " one ends");
        }
    }

    private boolean hasLiveJob(String pipelineId) {
        return store.jobsForPipeline(pipelineId).stream().anyMatch(j -> !j.state().isFinal());
    }

    // ---- planning

    /**
     * Plans a query with the Java source functions sent with it, and the saved ones it names.
     * (A saved function is compiled into the plan: deleting it later does not affect the pipeline.)
     */
    private DataflowPlan plan(String query, int parallelism, List<String> javaUdfs) {
        PlanResult result = planner.plan(query, parallelism, withSaved(query, javaUdfs));
        if (!result.ok()) {
            throw badRequest("invalid query: " + describe(result.errors().get(0)));
        }
        return requirePlan(result);
    }

    /** The pipeline's own Java functions, then the saved ones the query names (its own win). */
    private List<String> withSaved(String query, List<String> javaUdfs) {
        List<String> all = new ArrayList<>(javaUdfs);
        UdfStore saved = udfs;
        if (saved != null) {
            List<String> names = new ArrayList<>();
            for (String own : javaUdfs) {
                JavaUdfValidation v = planner.validateJavaFunction(own);
                names.add(v.name());
            }
            for (org.wadi.store.Udf u : saved.listUdfs()) {
                if (!names.contains(u.name()) && query.toLowerCase(java.util.Locale.ROOT).contains(u.name())) {
                    all.add(u.definition());
                }
            }
        }
        return all;
    }

    private static DataflowPlan requirePlan(PlanResult result) {
        if (result.plan() == null) {
            throw new IllegalStateException("the SQL planner returned neither a plan nor errors");
        }
        return result.plan();
    }

    /** The diagnostic's message with where it is, unless the message says so already. */
    static String describe(Diagnostic d) {
        if (d.span() == null || HAS_POSITION.matcher(d.message()).find()) {
            return d.message();
        }
        return d.message() + " at line " + d.span().start().line() + ", column " + d.span().start().column();
    }

    private static QueryDiagnostic diagnostic(Diagnostic d) {
        QueryDiagnostic.Span span = d.span() == null ? null : new QueryDiagnostic.Span(
                new QueryDiagnostic.Position(d.span().start().line(), d.span().start().column()),
                new QueryDiagnostic.Position(d.span().end().line(), d.span().end().column()));
        return new QueryDiagnostic(d.message(), span);
    }

    // ---- lookups and views

    private org.wadi.store.Pipeline pipeline(String pipelineId) {
        return Lookups.pipeline(store, pipelineId);
    }

    private org.wadi.store.Job storedJob(String pipelineId, String jobId) {
        return Lookups.job(store, pipelineId, jobId);
    }

    private Pipeline view(org.wadi.store.Pipeline p) {
        List<org.wadi.store.Job> jobs = store.jobsForPipeline(p.id());
        return view(p, jobs.stream().findFirst(), GraphMapper.graph(decode(p)));
    }

    private static DataflowPlan decode(org.wadi.store.Pipeline p) {
        try {
            return PlanCodec.fromJson(p.planJson());
        } catch (RuntimeException e) {
            // a stored plan that does not decode is our fault, not the caller's
            throw new IllegalStateException("the stored plan of pipeline " + p.id() + " cannot be read", e);
        }
    }

    private static Pipeline view(org.wadi.store.Pipeline p, Optional<org.wadi.store.Job> latest, PipelineGraph graph) {
        JobState state = latest.map(org.wadi.store.Job::state).orElse(JobState.Created);
        boolean runningDesired = latest.map(org.wadi.store.Job::runningDesired).orElse(p.stop() == StopMode.NONE);
        Actions actions = Actions.of(state, runningDesired);
        return new Pipeline(p.id(), p.name(), p.query(), List.of(), p.checkpointIntervalMicros(), p.stop(),
                Micros.of(p.createdAt()), actions.action(), actions.text(), actions.inProgress(), graph, p.preview(),
                schedulerConfig(p));
    }

    static Job view(org.wadi.store.Job j) {
        return new Job(j.id(), j.pipelineId(), j.runningDesired(), j.state().name(), j.runId(),
                Micros.ofNullable(j.startTime()), Micros.ofNullable(j.finishTime()),
                j.tasks() == null ? null : j.tasks().longValue(), j.failureMessage() == null ? null
                        : new Job.FailureReason(j.failureMessage(),
                                j.failureDomain() == null ? "internal" : j.failureDomain()),
                Micros.of(j.createdAt()));
    }
}
