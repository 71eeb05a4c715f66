package org.wadi.bench.nexmark;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.wadi.connector.nexmark.internal.NexmarkConnector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.sql.PlanResult;
import org.wadi.sql.internal.CalciteSqlPlanner;
import org.wadi.sql.internal.ConnectorLookup;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * Nexmark on Wadi's engine in one JVM, the counterpart of the Flink baseline's MiniCluster run:
 * each query is planned from SQL by Wadi's planner ({@link CalciteSqlPlanner}) against the real
 * {@code nexmark} and {@code blackhole} connectors, and run by the worker runtime
 * ({@link Execution}) at the given parallelism, in process, without Karaf.
 *
 * <p>Usage: {@code Bench <query|all|qA,qB> [events=10000000] [parallelism=2]}, or
 * {@code Bench gen [events] [parallelism]} for the source alone into the sink (the upper bound of
 * q0). Input as the baseline's: bounded ({@code events} in all), unpaced, 10 M events per second
 * of event time from 2023-11-14T22:13:20Z, the watermark 4 s behind the largest event time, no
 * checkpoints unless {@code nexmark.checkpoint.s} is set.
 *
 * <p>stdout, one line per run, as the baseline: {@code query events parallelism seconds
 * events_per_sec} ({@code seconds}: building the tasks — expression compilation, sources, sinks —
 * to the last task's end; SQL planning excluded, as Flink's job net runtime excludes it), or
 * {@code query events parallelism unsupported} when Wadi cannot plan the query (the planner's
 * message on stderr). stderr: a {@code # …} line with CPU seconds of the JVM, events per
 * CPU-second, peak RSS and the sink's row count.
 *
 * <p>System properties: {@code nexmark.warmup} (events of an unreported warm-up run of each query in
 * the same JVM; default 0), {@code nexmark.rate} (event-time events per second; default 1e7),
 * {@code nexmark.watermark.delay.ms} (default 4000; negative keeps the planner's own delay),
 * {@code nexmark.explain} (print the plan and the Java its calcs compile to), {@code
 * nexmark.checkpoint.s} (take checkpoints every that many seconds into a {@code file://} folder
 * under {@code nexmark.checkpoint.dir}, default {@code target/checkpoints}, as a worker does; see
 * {@link CheckpointDriver}; default 0: none).
 */
public final class Bench {

    /** Files are never needed: nexmark and blackhole read and write none. */
    private static final FileAccess NO_FILES = path -> {
        throw new ConnectorException("Path '" + path + "' is not available: the benchmark gives no file roots");
    };

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Bench <" + String.join("|", Queries.ALL.keySet()) + "|all|gen|qA,qB>"
                    + " [events=10000000] [parallelism=2]");
            System.exit(2);
        }
        List<String> queries = new ArrayList<>();
        for (String q : args[0].split(",")) {
            if (q.equals("all")) {
                queries.addAll(Queries.BASELINE);
            } else if (q.equals("gen") || Queries.ALL.containsKey(q)) {
                queries.add(q);
            } else {
                System.err.println("unknown query '" + q + "'; known: " + Queries.ALL.keySet() + ", all, gen");
                System.exit(2);
            }
        }
        long events = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 10_000_000L;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long warmup = Long.getLong("nexmark.warmup", 0L);
        for (String q : queries) {
            if (warmup > 0) {
                run(q, warmup, parallelism, false);
            }
            run(q, events, parallelism, true);
        }
    }

    /** The SELECT a query name stands for; {@code gen} is every column of the source as it is. */
    static String select(String query) {
        return query.equals("gen") ? "SELECT person, auction, bid FROM nexmark" : Queries.ALL.get(query).sql();
    }

    /**
     * What one run measured.
     *
     * @param unsupported the planner's message when it rejected the query, else {@code null} (and the
     *     figures below are those of the run)
     * @param seconds building the tasks to the end of the last one
     * @param cpuSec CPU time of the whole JVM over the same span
     * @param otherCpuSec CPU time other processes of the machine used meanwhile, -1 if unknown
     * @param sinkRows rows the blackhole received
     */
    record Result(String query, long events, int parallelism, String unsupported, double planSec, double buildSec,
            double seconds, double cpuSec, double otherCpuSec, int tasks, long sinkRows, long lateRows,
            CheckpointDriver.Stats checkpoints) {
    }

    static void run(String query, long events, int parallelism, boolean report) throws Exception {
        Result r = execute(query, events, parallelism);
        if (r.unsupported() != null) {
            if (report) {
                System.out.printf(Locale.ROOT, "%s %d %d unsupported%n", query, events, parallelism);
                System.out.flush();
            }
            System.err.printf(Locale.ROOT, "# %s unsupported by Wadi's planner: %s%n", query, r.unsupported());
            return;
        }
        if (report) {
            System.out.printf(Locale.ROOT, "%s %d %d %.3f %.0f%n", query, events, parallelism, r.seconds(),
                    events / r.seconds());
            System.out.flush();
        }
        long delayMs = Long.getLong("nexmark.watermark.delay.ms", 4000L);
        System.err.printf(Locale.ROOT, "# %s%s events=%d p=%d seconds=%.3f plan_s=%.3f build_s=%.3f cpu_s=%.3f"
                        + " avg_cores=%.2f events_per_cpu_s=%.0f other_procs_cpu_s=%.1f peak_rss_mb=%d tasks=%d"
                        + " sink_rows=%d late_rows=%d rate=%s watermark_delay=%s%s%n",
                query, report ? "" : " (warm-up)", events, parallelism, r.seconds(), r.planSec(), r.buildSec(),
                r.cpuSec(), r.cpuSec() / r.seconds(), events / r.cpuSec(), r.otherCpuSec(), peakRssMb(), r.tasks(),
                r.sinkRows(), r.lateRows(), System.getProperty("nexmark.rate", "1e7"),
                delayMs < 0 ? "planner" : delayMs + "ms",
                r.checkpoints() == null ? "" : " " + r.checkpoints().describe());
    }

    /** Plans and runs one query (see the class comment for the system properties it reads). */
    static Result execute(String query, long events, int parallelism) throws Exception {
        String rate = System.getProperty("nexmark.rate", "1e7");
        long delayMs = Long.getLong("nexmark.watermark.delay.ms", 4000L);
        NexmarkConnector nexmark = new NexmarkConnector();
        CountingBlackhole blackhole = new CountingBlackhole();
        Map<String, Connector> connectors = new HashMap<>(Map.of("nexmark", nexmark, "blackhole", blackhole));
        String sql = "CREATE TABLE nexmark WITH (connector = 'nexmark', pace = 'false', events = '" + events
                + "', event_time_rate = '" + rate + "');\n"
                + "CREATE TABLE out WITH (connector = 'blackhole');\n"
                + "INSERT INTO out " + select(query) + ";";

        long tPlan = System.nanoTime();
        PlanResult planned = new CalciteSqlPlanner(ConnectorLookup.of(connectors), NO_FILES).plan(sql, parallelism);
        double planSec = (System.nanoTime() - tPlan) / 1e9;
        if (!planned.ok()) {
            String message = planned.errors().stream().map(d -> d.message()
                    + (d.span() == null ? "" : " (line " + d.span().start().line() + ", column "
                            + d.span().start().column() + ")"))
                    .collect(Collectors.joining("; "));
            return new Result(query, events, parallelism, message, planSec, 0, 0, 0, 0, 0, 0, 0, null);
        }
        DataflowPlan plan = delayMs < 0 ? planned.plan() : withWatermarkDelay(planned.plan(), delayMs * 1_000_000L);
        if (Boolean.getBoolean("nexmark.explain")) {
            explain(plan);
        }

        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(nexmark);
        registry.add(blackhole);
        Failures failures = new Failures();
        double checkpointSec = Double.parseDouble(System.getProperty("nexmark.checkpoint.s", "0"));
        String jobId = "nexmark_" + query;
        CheckpointDriver driver = checkpointSec > 0 ? new CheckpointDriver(Path.of(System.getProperty(
                "nexmark.checkpoint.dir", "target/checkpoints"), query + "-" + System.nanoTime()),
                Math.round(checkpointSec * 1000), plan) : null;
        CheckpointDriver.Stats checkpoints = null;
        long busy0 = machineBusyTicks();
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        long t1;
        long tBuilt;
        Execution execution;
        try {
            execution = driver == null
                    ? Execution.build(jobId, plan, "bench", Execution.Placement.all("bench"), registry, NO_FILES,
                            new ExprCompiler(), RuntimeOptions.DEFAULTS, failures)
                    : Execution.build(jobId, plan, "bench", Execution.Placement.all("bench"), registry, NO_FILES,
                            new ExprCompiler(), RuntimeOptions.DEFAULTS, failures, driver.checkpoints(jobId));
            tBuilt = System.nanoTime();
            execution.start();
            if (driver != null) {
                driver.start(execution);
            }
            execution.done().get(2, TimeUnit.HOURS);
            t1 = System.nanoTime();
            if (driver != null) {
                checkpoints = driver.stop();
            }
        } finally {
            if (driver != null) {
                driver.close();
            }
        }
        double cpuSec = (OS.getProcessCpuTime() - cpu0) / 1e9;
        long busy1 = machineBusyTicks();
        if (!failures.messages.isEmpty()) {
            throw new IllegalStateException(query + " failed: " + failures.messages);
        }
        // CPU used by everything else on the machine meanwhile (/proc/stat ticks are 1/100 s)
        double otherCpuSec = busy0 < 0 || busy1 < 0 ? -1 : Math.max(0, (busy1 - busy0) / 100.0 - cpuSec);
        long late = 0;
        for (PlanNode n : plan.nodes()) {
            late += execution.lateRows(n.id());
        }
        return new Result(query, events, parallelism, null, planSec, (tBuilt - t0) / 1e9, (t1 - t0) / 1e9, cpuSec,
                otherCpuSec, execution.taskCount(), blackhole.rows(), late, checkpoints);
    }

    /** Prints the plan's nodes and edges, and the Java each calc compiles to (where a row's cost comes from). */
    private static void explain(DataflowPlan plan) throws Exception {
        for (PlanNode n : plan.nodes()) {
            System.err.printf("#   %s x%d: %s%n", n.id(), n.parallelism(), n.description());
        }
        plan.edges().forEach(e -> System.err.printf("#   %s -> %s %s %s%n", e.source(), e.target(), e.kind(),
                e.keys()));
        for (PlanNode n : plan.nodes()) {
            if (n.operator() instanceof CalcOperator calc) {
                System.err.printf("#   %s compiles to:%n%s%n", n.id(), new ExprCompiler().compile(n.id(), calc)
                        .source());
            }
        }
    }

    /**
     * The plan with every watermark node's delay set: Wadi's planner always uses Arroyo's 1 s (SQL
     * cannot set it yet), the baseline's table has {@code WATERMARK … - INTERVAL '4' SECOND}.
     */
    static DataflowPlan withWatermarkDelay(DataflowPlan plan, long delayNanos) {
        List<PlanNode> nodes = new ArrayList<>();
        for (PlanNode n : plan.nodes()) {
            if (n.operator() instanceof WatermarkOperator w) {
                nodes.add(new PlanNode(n.id(), n.description().replace("- 1 s", "- " + delayNanos / 1e9 + " s"),
                        n.parallelism(), new WatermarkOperator(w.schema(), delayNanos, w.idleNanos(),
                                w.periodNanos())));
            } else {
                nodes.add(n);
            }
        }
        return new DataflowPlan(nodes, plan.edges());
    }

    /** The JVM's peak resident set (VmHWM) in MB, -1 where /proc is not there. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux: no figure
        }
        return -1;
    }

    /** Busy (non-idle, non-iowait) CPU ticks of the whole machine from /proc/stat, or -1. */
    static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 7; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Collects the failures the tasks report. */
    static final class Failures implements ExecutionListener {
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void running(String operatorId, int subtask) {
        }

        @Override
        public void finished(String operatorId, int subtask) {
        }

        @Override
        public void failed(String operatorId, int subtask, String error, String domain) {
            messages.add(operatorId + "#" + subtask + " (" + domain + "): " + error);
        }

        @Override
        public void output(String operatorId, int subtask, List<String> jsonRows) {
        }
    }
}
