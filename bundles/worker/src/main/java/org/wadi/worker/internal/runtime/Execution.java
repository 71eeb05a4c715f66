package org.wadi.worker.internal.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.worker.internal.metrics.TaskMetrics;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.function.AsyncFunction;
import org.wadi.spi.plan.AsyncFunctionOperator;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.LookupJoinOperator;
import org.wadi.spi.plan.UnionOperator;
import org.wadi.spi.plan.UnnestOperator;
import org.wadi.spi.plan.WindowFunctionOperator;
import org.wadi.spi.plan.UpdatingAggregateOperator;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.worker.internal.async.AsyncCalls;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.join.Joins;
import org.wadi.worker.internal.lookup.LookupJoin;
import org.wadi.worker.internal.over.WindowFunctions;
import org.wadi.worker.internal.unnest.Unnest;
import org.wadi.worker.internal.net.ExchangeSession;
import org.wadi.worker.internal.updating.UpdatingAggregates;
import org.wadi.worker.internal.window.WindowOperator;

/**
 * The subtasks of one plan that run in this worker, built into tasks and run one thread each.
 *
 * <p>Operators joined by a FORWARD edge of equal parallelism (the target having no other input)
 * form a chain run by one task: rows pass by direct method calls. Every other edge ends in the
 * target task's bounded input gate; producers write rows into per-receiver batches that are sent
 * when full, when the source is idle, after a short linger, or at the end. A full gate blocks its
 * producers, so a slow sink slows the sources down instead of letting memory grow.
 */
public final class Execution {

    /** Which worker runs a subtask, as the controller assigned it. */
    @FunctionalInterface
    public interface Placement {

        String workerOf(String operatorId, int subtask);

        /** Every subtask on {@code workerId}. */
        static Placement all(String workerId) {
            return (op, i) -> workerId;
        }
    }

    /** A subtask of an operator. */
    public record SubtaskRef(String operatorId, int subtask) {
    }

    private final List<Task> tasks;
    private final Map<String, List<StatefulOperator>> windows;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger running;
    private final AtomicBoolean started = new AtomicBoolean();

    private Execution(List<Task> tasks, Map<String, List<StatefulOperator>> windows) {
        this.tasks = List.copyOf(tasks);
        this.windows = windows;
        this.running = new AtomicInteger(tasks.size());
        for (Task t : tasks) {
            t.attach(this);
        }
    }

    /** The subtasks of {@code plan} placed on {@code workerId}, in plan order. */
    public static List<SubtaskRef> localSubtasks(DataflowPlan plan, String workerId, Placement placement) {
        List<SubtaskRef> out = new ArrayList<>();
        for (PlanNode n : plan.nodes()) {
            for (int i = 0; i < n.parallelism(); i++) {
                if (workerId.equals(placement.workerOf(n.id(), i))) {
                    out.add(new SubtaskRef(n.id(), i));
                }
            }
        }
        return out;
    }

    /**
     * Builds the tasks for the local subtasks of a plan: compiles expressions, creates sources and
     * sinks, wires the edges. Nothing runs before {@link #start}.
     *
     * @throws PlanException if the plan cannot run here (unsupported expression, missing connector,
     *     an edge crossing workers — this execution has no data exchange with other workers —, a
     *     connector refusing its table)
     */
    public static Execution build(String jobId, DataflowPlan plan, String workerId, Placement placement,
            ConnectorLookup connectors, FileAccess files, ExprCompiler compiler, RuntimeOptions options,
            ExecutionListener listener) throws PlanException {
        return build(jobId, plan, workerId, placement, connectors, files, compiler, options, listener,
                Checkpoints.unavailable(CheckpointListener.NONE, "checkpoints are not enabled for this execution"));
    }

    /**
     * Builds the tasks as {@link #build(String, DataflowPlan, String, Placement, ConnectorLookup,
     * FileAccess, ExprCompiler, RuntimeOptions, ExecutionListener)} does, taking checkpoints into
     * {@code checkpoints} and, when it names a restore epoch, restoring every operator's state from
     * it as the tasks start.
     */
    public static Execution build(String jobId, DataflowPlan plan, String workerId, Placement placement,
            ConnectorLookup connectors, FileAccess files, ExprCompiler compiler, RuntimeOptions options,
            ExecutionListener listener, Checkpoints checkpoints) throws PlanException {
        return build(jobId, plan, workerId, placement, connectors, files, compiler, options, listener, checkpoints,
                null);
    }

    /**
     * Builds the tasks as {@link #build(String, DataflowPlan, String, Placement, ConnectorLookup,
     * FileAccess, ExprCompiler, RuntimeOptions, ExecutionListener, Checkpoints)} does, exchanging
     * rows with the subtasks on other workers through {@code network} (this worker's part of the
     * run's data exchange). The execution owns the session: it opens it once built and closes it
     * when its tasks have ended — or at once when it cannot be built.
     *
     * @param network {@code null} when every subtask this worker exchanges rows with runs here
     */
    public static Execution build(String jobId, DataflowPlan plan, String workerId, Placement placement,
            ConnectorLookup connectors, FileAccess files, ExprCompiler compiler, RuntimeOptions options,
            ExecutionListener listener, Checkpoints checkpoints, ExchangeSession network) throws PlanException {
        boolean built = false;
        try {
            Execution e = new Builder(jobId, plan, workerId, placement, connectors, files, compiler, options, listener,
                    checkpoints, network).build();
            built = true;
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanException("interrupted while building the tasks", "internal", e);
        } finally {
            if (!built && network != null) {
                network.close();
            }
        }
    }

    /** Starts one thread per task. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        if (tasks.isEmpty()) {
            done.complete(null);
            return;
        }
        for (Task t : tasks) {
            Thread thread = new Thread(t, "wadi-task-" + t.name);
            thread.setDaemon(true);
            t.thread = thread;
        }
        for (Task t : tasks) {
            t.thread.start();
        }
    }

    /**
     * Stops the tasks: {@code graceful} — sources stop reading, what is in flight is processed and
     * sinks finish; otherwise at once, sinks closed without finishing. Either way every subtask
     * reports FINISHED.
     */
    public void stop(boolean graceful) {
        for (Task t : tasks) {
            if (graceful) {
                t.requestStop();
            } else {
                t.cancel();
            }
        }
        if (!started.get()) {
            // never started: there are no threads to end, so end here
            for (Task t : tasks) {
                t.cancelled = true;
            }
            start();
        }
    }

    /**
     * Takes checkpoint {@code epoch}: every local source subtask snapshots its position between two
     * polls and sends the barrier downstream. With {@code thenStop} (the final checkpoint of a
     * stop) sources read no more after it, and every task ends once it passed the barrier on —
     * tasks with sinks once they committed {@code epoch}. Tasks that have ended ignore it.
     */
    public void triggerCheckpoint(long epoch, boolean thenStop) {
        for (Task t : tasks) {
            if (t instanceof Task.SourceTask) {
                t.deliver(Batch.barrier(-1, -1, epoch, thenStop));
            }
        }
    }

    /** Checkpoint {@code epoch} is recorded: every local sink publishes what it pre-committed up to it. */
    public void commitCheckpoint(long epoch) {
        for (Task t : tasks) {
            if (!t.sinks.isEmpty() || t instanceof Task.SourceTask) {
                t.deliver(Batch.commit(epoch));
            }
        }
    }

    /** Completes when every task has ended. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /**
     * The rows stateful operator {@code operatorId} (a window, a join) dropped as late, over its local subtasks (read
     * while running it is a racy snapshot; exact once {@link #done} completed).
     */
    public long lateRows(String operatorId) {
        long n = 0;
        for (StatefulOperator w : windows.getOrDefault(operatorId, List.of())) {
            n += w.lateRows();
        }
        return n;
    }

    /** The counters of every task, for the metrics reports. */
    public List<TaskMetrics> metrics() {
        List<TaskMetrics> all = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            all.add(t.metrics);
        }
        return all;
    }

    /** The number of tasks (threads) built, for diagnostics and tests. */
    public int taskCount() {
        return tasks.size();
    }

    void taskFailed(Task failed) {
        // One failed subtask fails the job; the others stop at once rather than block on it.
        for (Task t : tasks) {
            if (t != failed) {
                t.cancel();
            }
        }
    }

    void taskEnded(Task t) {
        if (running.decrementAndGet() == 0) {
            done.complete(null);
        }
    }

    private record Info(String jobId, String operatorId, int subtaskIndex, int parallelism) implements TaskInfo {
    }

    private static final class Builder {

        private final String jobId;
        private final DataflowPlan plan;
        private final String workerId;
        private final Placement placement;
        private final ConnectorLookup connectors;
        private final FileAccess files;
        private final ExprCompiler compiler;
        private final RuntimeOptions options;
        private final ExecutionListener listener;
        private final Checkpoints checkpoints;
        private final Map<String, PlanNode> nodes = new HashMap<>();
        private final Map<String, ExprCompiler.Compiled> calcs = new HashMap<>();
        private final Map<String, AsyncFunction> asyncFunctions = new HashMap<>();
        private final Map<String, Connector> connectorOf = new HashMap<>();
        private final LocalExchange exchange = new LocalExchange();
        /** The counters of the task being built. */
        private TaskMetrics building;
        /** The exchange with subtasks on other workers; {@code null} without a session. */
        private final ExchangeSession session;
        private NetworkExchange network;
        private final Map<String, List<StatefulOperator>> windows = new java.util.concurrent.ConcurrentHashMap<>();

        Builder(String jobId, DataflowPlan plan, String workerId, Placement placement, ConnectorLookup connectors,
                FileAccess files, ExprCompiler compiler, RuntimeOptions options, ExecutionListener listener,
                Checkpoints checkpoints, ExchangeSession session) {
            this.jobId = jobId;
            this.session = session;
            // bound to the plan: restoring at another parallelism redistributes keyed state
            this.checkpoints = checkpoints.forPlan(plan);
            this.plan = plan;
            this.workerId = workerId;
            this.placement = placement;
            this.connectors = connectors;
            this.files = files;
            this.compiler = compiler;
            this.options = options;
            this.listener = listener;
        }

        Execution build() throws PlanException, InterruptedException {
            for (PlanNode n : plan.nodes()) {
                if (nodes.put(n.id(), n) != null) {
                    throw new PlanException("the plan has two nodes with id '" + n.id() + "'", "internal");
                }
            }
            for (PlanEdge e : plan.edges()) {
                checkEdge(e);
            }
            if (session != null) {
                network = new NetworkExchange(plan, session, placement, options.queueBatches());
            }
            List<Task> tasks = new ArrayList<>();
            // gates first: writers count themselves as senders of the gate they feed
            for (PlanNode n : plan.nodes()) {
                if (!hasLocalSubtask(n)) {
                    continue;
                }
                prepare(n);
                if (isTaskHead(n) && !(n.operator() instanceof SourceOperator)) {
                    if (plan.inputs(n.id()).isEmpty()) {
                        throw new PlanException("operator " + n.id() + " has no input", "internal");
                    }
                    for (int i = 0; i < n.parallelism(); i++) {
                        if (isLocal(n.id(), i)) {
                            exchange.register(n.id(), i, new InputGate(options.queueBatches()));
                        }
                    }
                }
            }
            if (network != null) {
                receiveRemoteSenders();
            }
            for (PlanNode n : plan.nodes()) {
                if (!isTaskHead(n)) {
                    continue;
                }
                for (int i = 0; i < n.parallelism(); i++) {
                    if (isLocal(n.id(), i)) {
                        Task t = task(n, i);
                        t.checkpoints = checkpoints;
                        tasks.add(t);
                    }
                }
            }
            Execution execution = new Execution(tasks, windows);
            if (network != null) {
                NetworkExchange net = network;
                net.open();
                execution.done().whenComplete((v, t) -> net.close());
            }
            return execution;
        }

        /** Counts every sender on another worker as a sender of the local gate it feeds. */
        private void receiveRemoteSenders() {
            for (PlanEdge e : plan.edges()) {
                PlanNode t = nodes.get(e.target());
                if (chainedInput(t) == e) {
                    continue;
                }
                // the edge's position among the target's inputs, by identity: equal edges are different inputs
                List<PlanEdge> inputs = plan.inputs(t.id());
                int input = 0;
                while (inputs.get(input) != e) {
                    input++;
                }
                int sources = nodes.get(e.source()).parallelism();
                for (int j = 0; j < t.parallelism(); j++) {
                    if (!isLocal(t.id(), j)) {
                        continue;
                    }
                    for (int i = 0; i < sources; i++) {
                        if ((e.kind() != EdgeKind.FORWARD || i == j) && !isLocal(e.source(), i)) {
                            network.receive(e, input, i, j, exchange.gate(t.id(), j));
                        }
                    }
                }
            }
        }

        private void checkEdge(PlanEdge e) throws PlanException {
            PlanNode s = nodes.get(e.source());
            PlanNode t = nodes.get(e.target());
            if (s == null || t == null) {
                throw new PlanException("edge " + e.source() + " -> " + e.target() + " names an unknown node",
                        "internal");
            }
            if (e.kind() == EdgeKind.FORWARD && s.parallelism() != t.parallelism()) {
                throw new PlanException("FORWARD edge " + s.id() + " -> " + t.id() + " joins parallelism "
                        + s.parallelism() + " and " + t.parallelism() + "; use REBALANCE or SHUFFLE", "internal");
            }
            if (t.operator() instanceof SourceOperator) {
                throw new PlanException("source " + t.id() + " cannot have an input", "internal");
            }
            if (s.operator() instanceof SinkOperator) {
                throw new PlanException("sink " + s.id() + " cannot have an output", "internal");
            }
            for (int i = 0; i < s.parallelism(); i++) {
                String wi = placement.workerOf(s.id(), i);
                int from = e.kind() == EdgeKind.FORWARD ? i : 0;
                int to = e.kind() == EdgeKind.FORWARD ? i + 1 : t.parallelism();
                for (int j = from; j < to; j++) {
                    String wj = placement.workerOf(t.id(), j);
                    boolean touchesUs = workerId.equals(wi) || workerId.equals(wj);
                    if (touchesUs && !Objects.equals(wi, wj)) {
                        String pair = "edge " + s.id() + " -> " + t.id() + " connects subtask " + i + " on " + wi
                                + " with subtask " + j + " on " + wj;
                        if (wi == null || wj == null) {
                            throw new PlanException(pair + ": every subtask needs a worker", "internal");
                        }
                        if (chainedInput(t) == e) {
                            throw new PlanException(pair + ", but chained operators must run on one worker",
                                    "internal");
                        }
                        if (session == null) {
                            throw new PlanException(pair + ", but this execution has no data exchange with other"
                                    + " workers", "internal");
                        }
                    }
                }
            }
        }

        private boolean isLocal(String nodeId, int subtask) {
            return workerId.equals(placement.workerOf(nodeId, subtask));
        }

        private boolean hasLocalSubtask(PlanNode n) {
            for (int i = 0; i < n.parallelism(); i++) {
                if (isLocal(n.id(), i)) {
                    return true;
                }
            }
            return false;
        }

        /** The FORWARD edge this node is chained to its producer by, or {@code null}. */
        private PlanEdge chainedInput(PlanNode n) {
            List<PlanEdge> in = plan.inputs(n.id());
            if (in.size() != 1) {
                return null;
            }
            PlanEdge e = in.get(0);
            return e.kind() == EdgeKind.FORWARD && nodes.get(e.source()).parallelism() == n.parallelism() ? e : null;
        }

        private boolean isTaskHead(PlanNode n) {
            return n.operator() instanceof SourceOperator || chainedInput(n) == null;
        }

        /** Compiles expressions and finds connectors, once per node. */
        private void prepare(PlanNode n) throws PlanException, InterruptedException {
            if (n.operator() instanceof CalcOperator calc) {
                calcs.put(n.id(), compiler.compile(n.id(), calc));
            } else if (n.operator() instanceof SourceOperator src) {
                connectorOf.put(n.id(), connector(src.table()));
            } else if (n.operator() instanceof SinkOperator sink) {
                connectorOf.put(n.id(), connector(sink.table()));
            } else if (n.operator() instanceof LookupJoinOperator lookup) {
                connectorOf.put(n.id(), connector(lookup.table()));
                if (plan.inputs(n.id()).size() != 1) {
                    throw new PlanException("lookup join " + n.id() + " must have exactly one input", "internal");
                }
            } else if (n.operator() instanceof WindowAggregateOperator w) {
                List<PlanEdge> in = plan.inputs(n.id());
                if (in.size() != 1) {
                    throw new PlanException("window aggregate " + n.id() + " must have exactly one input", "internal");
                }
                // every row of a key must reach the same subtask
                if (n.parallelism() > 1 && (in.get(0).kind() != EdgeKind.SHUFFLE || !in.get(0).keys().equals(w.keys()))) {
                    throw new PlanException("window aggregate " + n.id() + " at parallelism " + n.parallelism()
                            + " needs a SHUFFLE input by its keys " + w.keys() + ", not " + in.get(0).kind() + " "
                            + in.get(0).keys(), "internal");
                }
            } else if (n.operator() instanceof JoinOperator j) {
                List<PlanEdge> in = plan.inputs(n.id());
                if (in.size() != 2) {
                    throw new PlanException("join " + n.id() + " must have two inputs, not " + in.size(), "internal");
                }
                if (n.parallelism() > 1 && (in.get(0).kind() != EdgeKind.SHUFFLE || !in.get(0).keys().equals(j.leftKeys())
                        || in.get(1).kind() != EdgeKind.SHUFFLE || !in.get(1).keys().equals(j.rightKeys()))) {
                    throw new PlanException("join " + n.id() + " at parallelism " + n.parallelism()
                            + " needs SHUFFLE inputs by its keys " + j.leftKeys() + " and " + j.rightKeys(), "internal");
                }
            } else if (n.operator() instanceof UpdatingAggregateOperator u) {
                List<PlanEdge> in = plan.inputs(n.id());
                if (in.size() != 1) {
                    throw new PlanException("updating aggregate " + n.id() + " must have exactly one input", "internal");
                }
                if (n.parallelism() > 1 && (in.get(0).kind() != EdgeKind.SHUFFLE || !in.get(0).keys().equals(u.keys()))) {
                    throw new PlanException("updating aggregate " + n.id() + " at parallelism " + n.parallelism()
                            + " needs a SHUFFLE input by its keys " + u.keys(), "internal");
                }
            } else if (n.operator() instanceof WindowFunctionOperator w) {
                List<PlanEdge> in = plan.inputs(n.id());
                if (in.size() != 1) {
                    throw new PlanException("window functions " + n.id() + " must have exactly one input", "internal");
                }
                // every row of a partition must reach the same subtask
                if (n.parallelism() > 1 && (in.get(0).kind() != EdgeKind.SHUFFLE
                        || !in.get(0).keys().equals(w.partitionKeys()))) {
                    throw new PlanException("window functions " + n.id() + " at parallelism " + n.parallelism()
                            + " need a SHUFFLE input by their partition keys " + w.partitionKeys(), "internal");
                }
            } else if (n.operator() instanceof UnnestOperator) {
                if (plan.inputs(n.id()).size() != 1) {
                    throw new PlanException("unnest " + n.id() + " must have exactly one input", "internal");
                }
            } else if (n.operator() instanceof AsyncFunctionOperator a) {
                if (plan.inputs(n.id()).size() != 1) {
                    throw new PlanException("async function " + n.id() + " must have exactly one input", "internal");
                }
                asyncFunctions.put(n.id(), AsyncCalls.resolve(n.id(), a, compiler.functions()));
            } else if (n.operator() instanceof WatermarkOperator || n.operator() instanceof UnionOperator) {
                // nothing to prepare
            } else {
                throw new PlanException("operator kind '" + n.operator().name() + "' of " + n.id()
                        + " is not supported by this worker", "internal");
            }
        }

        private Connector connector(ConnectorTable table) throws PlanException, InterruptedException {
            Connector c = connectors.find(table.connector(), options.connectorWaitMillis());
            if (c == null) {
                throw new PlanException("connector '" + table.connector() + "' is not installed", "user");
            }
            return c;
        }

        private Task task(PlanNode n, int i) throws PlanException {
            Task task;
            String name = jobId + "-" + n.id() + "-" + i;
            if (n.operator() instanceof SourceOperator src) {
                ConnectorTable table = src.table();
                Source source;
                try {
                    source = connectorOf.get(n.id()).createSource(table);
                } catch (ConnectorException | RuntimeException e) {
                    throw new PlanException("source '" + table.name() + "' could not be created: "
                            + TaskFailure.describe(e), "user", e);
                }
                Info info = new Info(jobId, n.id(), i, n.parallelism());
                TaskMetrics counters = new TaskMetrics(i, true);
                building = counters;
                // filled at restore, before the source opens
                byte[][] restored = new byte[1][];
                List<byte[]> restoredAll = new ArrayList<>();
                SourceContext ctx = new SourceContext() {
                    @Override
                    public TaskInfo task() {
                        return info;
                    }

                    @Override
                    public FileAccess files() {
                        return files;
                    }

                    @Override
                    public byte[] restoredState() {
                        return restored[0];
                    }

                    @Override
                    public List<byte[]> restoredStates() {
                        return List.copyOf(restoredAll);
                    }

                    @Override
                    public void badData(String where, String reason) {
                        counters.badRecord(where, reason);
                    }
                };
                task = new Task.SourceTask(name, i, listener, table.name(), source, ctx, options);
                task.addOperator(n.id(), Task.SourceTask.state(source, table.name(), restored, restoredAll));
                task.head = new CountingOutput(outputs(n, i, task), counters);
                task.metrics = counters;
            } else {
                InputGate gate = exchange.gate(n.id(), i);
                TaskMetrics counters = new TaskMetrics(i, false);
                building = counters;
                task = new Task.InputTask(name, i, listener, gate);
                task.head = operator(n, i, task);
                gate.metrics = counters;
                counters.queue(gate.queueProbe());
                task.metrics = counters;
            }
            task.metrics.operators(task.operators);
            return task;
        }

        /** The chained operator {@code n} for subtask {@code i}, with everything downstream of it. */
        private RowOutput operator(PlanNode n, int i, Task task) throws PlanException {
            // registered before what follows it: operators snapshot head first
            int index = task.operators.size();
            task.addOperator(n.id(), null);
            if (n.operator() instanceof CalcOperator) {
                return new CalcOutput(n.id(), calcs.get(n.id()).newInstance(), outputs(n, i, task));
            }
            if (n.operator() instanceof WatermarkOperator wm) {
                WatermarkOutput out = new WatermarkOutput(wm, outputs(n, i, task));
                task.states.set(index, out);
                return out;
            }
            if (n.operator() instanceof WindowAggregateOperator w) {
                WindowOperator op = WindowOperator.create(w, outputs(n, i, task), compiler.functions());
                task.states.set(index, op);
                windows.computeIfAbsent(n.id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(op);
                return op;
            }
            if (n.operator() instanceof JoinOperator j) {
                Joins.Join op = Joins.create(n.id(), j, compiler, outputs(n, i, task));
                task.states.set(index, op);
                windows.computeIfAbsent(n.id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(op);
                return op;
            }
            if (n.operator() instanceof UpdatingAggregateOperator u) {
                StatefulOperator op = UpdatingAggregates.create(n.id(), u, outputs(n, i, task), compiler.functions());
                task.states.set(index, op);
                windows.computeIfAbsent(n.id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(op);
                return op;
            }
            if (n.operator() instanceof WindowFunctionOperator w) {
                StatefulOperator op = WindowFunctions.create(n.id(), w, outputs(n, i, task));
                task.states.set(index, op);
                windows.computeIfAbsent(n.id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(op);
                return op;
            }
            if (n.operator() instanceof UnnestOperator u) {
                return Unnest.create(n.id(), u, outputs(n, i, task));
            }
            if (n.operator() instanceof LookupJoinOperator l) {
                Info info = new Info(jobId, n.id(), i, n.parallelism());
                LookupJoin op = LookupJoin.create(n.id(), l, connectorOf.get(n.id()), info, files, outputs(n, i, task));
                task.lifecycles.add(op);
                // its snapshot passes on the rows it holds before the barrier reaches the sinks
                task.states.set(index, op);
                return op;
            }
            if (n.operator() instanceof AsyncFunctionOperator a) {
                AsyncCalls op = new AsyncCalls(n.id(), a, asyncFunctions.get(n.id()), outputs(n, i, task));
                task.lifecycles.add(op);
                // its snapshot completes the calls in flight before the operators after it take theirs
                task.states.set(index, op);
                return op;
            }
            if (n.operator() instanceof UnionOperator) {
                // rows of every input pass on unchanged; the task already takes the least watermark
                return outputs(n, i, task);
            }
            if (n.operator() instanceof SinkOperator sinkOp) {
                ConnectorTable table = sinkOp.table();
                Sink sink;
                try {
                    sink = connectorOf.get(n.id()).createSink(table);
                } catch (ConnectorException | RuntimeException e) {
                    throw new PlanException("sink '" + table.name() + "' could not be created: "
                            + TaskFailure.describe(e), "user", e);
                }
                java.util.function.BiFunction<Integer, Integer, SinkContext> contextAs = (sub, par) -> sinkContext(
                        new Info(jobId, n.id(), sub, par), sinkOp);
                SinkContext ctx = contextAs.apply(i, n.parallelism());
                SinkOutput out = new SinkOutput(table.name(), sink, ctx, () -> {
                    try {
                        return connectorOf.get(n.id()).createSink(table);
                    } catch (ConnectorException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }, contextAs);
                task.lifecycles.add(out);
                task.sinks.add(out);
                task.states.set(index, out);
                return out;
            }
            throw new PlanException("operator " + n.id() + " cannot be chained", "internal");
        }

        private SinkContext sinkContext(Info info, SinkOperator sinkOp) {
            return new SinkContext() {
                @Override
                public TaskInfo task() {
                    return info;
                }

                @Override
                public FileAccess files() {
                    return files;
                }

                @Override
                public void sendOutput(List<String> jsonRows) {
                    listener.output(info.operatorId(), info.subtaskIndex(), jsonRows);
                }

                @Override
                public boolean updating() {
                    return sinkOp.updating();
                }
            };
        }

        /** Where node {@code n}'s subtask {@code i} sends its rows: chained operators and edge writers. */
        private RowOutput outputs(PlanNode n, int i, Task task) throws PlanException {
            List<RowOutput> outs = new ArrayList<>();
            List<PlanEdge> sent = new ArrayList<>();
            for (PlanEdge e : plan.outputs(n.id())) {
                PlanNode target = nodes.get(e.target());
                if (chainedInput(target) == e) {
                    outs.add(operator(target, i, task));
                    continue;
                }
                // equal edges (a self-join reading one node twice) are different inputs: the k-th
                // such edge out of this node is the k-th such input of the target
                int occurrence = (int) sent.stream().filter(e::equals).count();
                sent.add(e);
                int input = -1;
                List<PlanEdge> inputs = plan.inputs(target.id());
                for (int k = 0, seen = 0; k < inputs.size(); k++) {
                    if (inputs.get(k).equals(e) && seen++ == occurrence) {
                        input = k;
                        break;
                    }
                }
                switch (e.kind()) {
                    case FORWARD -> outs.add(writer(e, input, i, i));
                    case SHUFFLE -> outs.add(new Partitioners.Hash(
                            e.keys().stream().mapToInt(Integer::intValue).toArray(), writers(e, input, i, target)));
                    case REBALANCE -> outs.add(new Partitioners.RoundRobin(writers(e, input, i, target), i));
                    case BROADCAST -> outs.add(new Partitioners.All(List.of(writers(e, input, i, target))));
                    default -> throw new PlanException("edge kind " + e.kind() + " is not supported", "internal");
                }
            }
            if (outs.isEmpty()) {
                return Partitioners.DISCARD;
            }
            return outs.size() == 1 ? outs.get(0) : new Partitioners.All(outs);
        }

        private RowOutput[] writers(PlanEdge e, int input, int from, PlanNode target) throws PlanException {
            RowOutput[] out = new RowOutput[target.parallelism()];
            for (int j = 0; j < out.length; j++) {
                out[j] = writer(e, input, from, j);
            }
            return out;
        }

        private RowOutput writer(PlanEdge e, int input, int from, int to) throws PlanException {
            Exchange x = isLocal(e.target(), to) ? exchange : network;
            return new BatchWriter(new MeteredSender(x.sender(e, input, from, to), building), options.batchSize());
        }
    }
}
