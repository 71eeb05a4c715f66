package org.wadi.controller.internal.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wadi.controller.internal.RestorePoint;
import org.wadi.controller.internal.SchedulerConfigs;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.function.FunctionRef;
import org.wadi.spi.job.JobState;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.LookupJoinOperator;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.store.Pipeline;

/**
 * Loads the stored plan and finds the bundles of the connectors it uses. The SQL was planned when
 * the pipeline was submitted, so nothing is compiled here in this slice; the name is Arroyo's.
 * Failures here are the user's to fix (or a pipeline that is gone), so they fail the job at once.
 */
public final class Compiling implements State {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the new run restores; {@code null}: the job's latest state ({@link JobContext#restorePoint()}). */
    private final RestorePoint restore;

    /**
     * Compiles for a run that restores the job's latest state: its newest completed checkpoint, else
     * the checkpoint its pipeline was started from, else nothing.
     */
    public Compiling() {
        this.restore = null;
    }

    /** Compiles for a run that restores the job's checkpoint {@code restoreEpoch} (-1: a fresh start). */
    public Compiling(long restoreEpoch) {
        this(RestorePoint.own(restoreEpoch));
    }

    /** Compiles for a run that restores {@code restore}. */
    public Compiling(RestorePoint restore) {
        this.restore = java.util.Objects.requireNonNull(restore, "restore");
    }

    @Override
    public JobState state() {
        return JobState.Compiling;
    }

    @Override
    public Transition step(JobContext ctx) {
        Optional<Transition> stop = ctx.stopIfRequested();
        if (stop.isPresent()) {
            return stop.get();
        }
        Optional<Pipeline> pipeline = ctx.services().store().getPipeline(ctx.job().pipelineId());
        if (pipeline.isEmpty()) {
            return ctx.fail("pipeline " + ctx.job().pipelineId() + " of job " + ctx.jobId() + " does not exist", "internal");
        }
        String json = pipeline.get().planJson();
        if (json == null || json.isBlank()) {
            return ctx.fail("pipeline " + pipeline.get().id() + " has no dataflow plan", "user");
        }
        DataflowPlan plan;
        try {
            plan = PlanCodec.fromJson(json);
        } catch (IllegalArgumentException e) {
            return ctx.fail("the dataflow plan of pipeline " + pipeline.get().id() + " cannot be read: " + e.getMessage(), "user");
        }
        if (plan.nodes().isEmpty()) {
            return ctx.fail("the dataflow plan of pipeline " + pipeline.get().id() + " has no operators", "user");
        }

        Map<String, PluginBundle> bundles = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String connector : connectorNames(plan)) {
            Optional<PluginBundle> b = ctx.services().connectors().bundle(connector);
            if (b.isPresent()) {
                bundles.putIfAbsent(b.get().symbolicName() + "/" + b.get().version(), b.get());
            } else {
                missing.add(connector);
            }
        }
        if (!missing.isEmpty()) {
            if (ctx.services().inStartupGrace()) {
                return Transition.stay(); // connector bundles may still be starting
            }
            String which = missing.size() == 1
                    ? "connector '" + missing.get(0) + "' is not installed"
                    : "connectors " + String.join(", ", missing.stream().map(m -> "'" + m + "'").toList()) + " are not installed";
            return ctx.fail(which + "; installed connectors: "
                    + (ctx.services().connectors().names().isEmpty() ? "none" : String.join(", ", ctx.services().connectors().names())),
                    "user");
        }

        // the bundles of the function services the plan calls (Java source functions travel in the plan)
        for (FunctionRef f : functionRefs(json)) {
            Optional<PluginBundle> b = ctx.services().connectors().functionBundle(f.bundle(), f.version());
            if (b.isPresent()) {
                bundles.putIfAbsent(b.get().symbolicName() + "/" + b.get().version(), b.get());
            } else if (ctx.services().inStartupGrace()) {
                return Transition.stay(); // function bundles may still be starting
            } else {
                return ctx.fail("function '" + f.name() + "' is not available: the bundle that provided it ("
                        + f.bundle() + " " + f.version() + ") is not installed; submit the pipeline again to use"
                        + " the functions installed now", "user");
            }
        }

        Map<String, Object> schedulerConfig;
        try {
            schedulerConfig = SchedulerConfigs.parse(pipeline.get().schedulerConfig());
        } catch (IllegalArgumentException e) {
            return ctx.fail("the scheduler_config of pipeline " + pipeline.get().id() + " cannot be read: "
                    + e.getMessage(), "user");
        }

        int maxParallelism = plan.nodes().stream().mapToInt(PlanNode::parallelism).max().orElse(1);
        int slots = ctx.services().settings().workerSlots();
        int workers = (maxParallelism + slots - 1) / slots;
        ctx.compiled(plan, PlanCodec.toJson(plan), List.copyOf(bundles.values()), workers, pipeline.get().parallelism(),
                schedulerConfig);
        long runId = ctx.job().runId() + 1;
        RestorePoint from = restore != null ? restore : ctx.restorePoint();
        return Transition.to(new Scheduling(from),
                        "plan loaded: " + plan.nodes().size() + " operators, " + plan.taskCount() + " tasks on "
                                + workers + (workers == 1 ? " worker" : " workers"))
                .updating(j -> Jobs.withRunId(Jobs.restarted(j), runId));
    }

    /** The connectors named by the plan's sources and sinks, in plan order. */
    static List<String> connectorNames(DataflowPlan plan) {
        List<String> names = new ArrayList<>();
        for (PlanNode n : plan.nodes()) {
            ConnectorTable t = null;
            if (n.operator() instanceof SourceOperator s) {
                t = s.table();
            } else if (n.operator() instanceof SinkOperator s) {
                t = s.table();
            } else if (n.operator() instanceof LookupJoinOperator l) {
                t = l.table();
            }
            if (t != null && t.connector() != null && !names.contains(t.connector())) {
                names.add(t.connector());
            }
        }
        return names;
    }

    /**
     * The function services a plan calls: every user-defined function's call name in the plan's
     * JSON ({@link FunctionRef#encode()}), whatever operator holds it; Java source functions left out.
     */
    static List<FunctionRef> functionRefs(String planJson) {
        List<FunctionRef> out = new ArrayList<>();
        try {
            collect(JSON.readTree(planJson), out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the plan is not JSON: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    private static void collect(JsonNode node, List<FunctionRef> out) {
        if (node.isTextual() && FunctionRef.isEncoded(node.asText())) {
            FunctionRef f = FunctionRef.decode(node.asText());
            if (!f.isSource() && !out.contains(f)) {
                out.add(f);
            }
        }
        node.forEach(child -> collect(child, out));
    }

    @Override
    public Instant deadline(JobContext ctx) {
        return ctx.enteredAt().plus(ctx.services().settings().compilingTimeout());
    }

    @Override
    public Transition onDeadline(JobContext ctx) {
        return ctx.fail("job " + ctx.jobId() + " could not be compiled within "
                + Durations.describe(ctx.services().settings().compilingTimeout()), "internal");
    }
}
