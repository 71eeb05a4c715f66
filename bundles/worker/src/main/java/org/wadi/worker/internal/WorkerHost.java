package org.wadi.worker.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled worker process: it starts idle, warmed up, and runs the workers the process scheduler
 * assigns to it one after another, so that a job's (re)start does not wait for a JVM to boot. The
 * scheduler talks to it over the process's standard streams, one command per line:
 *
 * <pre>
 * stdin:  assign &lt;worker-id&gt; &lt;job-id&gt; &lt;run-id&gt; &lt;controller host:port&gt; &lt;slots&gt; &lt;plug-in list file | -&gt;
 *         release &lt;worker-id&gt;     (end that worker now: its tasks are cancelled)
 *         exit
 * stdout: &#64;wadi &lt;token&gt; ready             (idle, after the warm-up)
 *         &#64;wadi &lt;token&gt; running &lt;worker-id&gt;
 *         &#64;wadi &lt;token&gt; idle &lt;worker-id&gt;    (that worker ended and its tasks' threads are gone)
 *         &#64;wadi &lt;token&gt; refused &lt;worker-id&gt; &lt;reason&gt;
 * </pre>
 *
 * The token is a secret the scheduler gives the process ({@code wadi.host.token}), so that what
 * else is printed on standard output (the {@code stdout} connector's rows) is never taken for a reply.
 *
 * The end of standard input means the server is gone: the process stops. A worker whose tasks do
 * not end within {@link #TASKS_END_MILLIS} of its end makes the process stop too, rather than take
 * other work beside threads that are still busy. Plug-in bundles (connectors, functions) are
 * installed per assignment; those the next assignment does not list are uninstalled.
 */
final class WorkerHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerHost.class);
    /** Replies start with {@code @wadi <token> }: a row a connector prints cannot pass for one. */
    static final String PREFIX = "@wadi ";
    static final long TASKS_END_MILLIS = 10_000;

    /** Who the next worker is, as an {@code assign} line gives it. */
    record Assignment(String workerId, String jobId, long runId, String controllerAddress, int slots, Path plugins) {

        static Assignment parse(String line) {
            String[] t = line.trim().split("\\s+");
            if (t.length != 7 || !t[0].equals("assign")) {
                throw new IllegalArgumentException("expected 'assign <worker-id> <job-id> <run-id> <controller> <slots>"
                        + " <plug-in list|->', got '" + line + "'");
            }
            try {
                return new Assignment(t[1], t[2], Long.parseLong(t[3]), t[4], Integer.parseInt(t[5]),
                        t[6].equals("-") ? null : Path.of(t[6]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad run id or slots in '" + line + "'");
            }
        }

        Worker.Config config() {
            return new Worker.Config(workerId, jobId, runId, controllerAddress, slots);
        }
    }

    private final BundleContext context;
    private final Function<Worker.Config, Worker> workers;
    private final InputStream in;
    private final PrintStream out;
    private final Runnable exit;
    private final String prefix;
    private final Map<String, Bundle> plugins = new HashMap<>();
    private final Map<String, Long> pluginStamps = new HashMap<>();
    private final Thread reader;
    // guarded by this
    private Worker current;
    private boolean closed;

    /**
     * @param context installs the plug-in bundles
     * @param workers makes the worker of an assignment
     * @param in the commands
     * @param out the replies
     * @param exit stops the process
     * @param token the secret that marks replies
     */
    WorkerHost(BundleContext context, Function<Worker.Config, Worker> workers, InputStream in, PrintStream out,
            Runnable exit, String token) {
        this.context = context;
        this.workers = workers;
        this.in = in;
        this.out = out;
        this.exit = exit;
        this.prefix = PREFIX + token + " ";
        this.reader = new Thread(this::readCommands, "wadi-worker-host");
        this.reader.setDaemon(true);
    }

    /** Warms up, says it is ready and takes commands, on its own thread; returns at once. */
    void start() {
        reader.start();
    }

    private void readCommands() {
        long t0 = System.nanoTime();
        WarmUp.run();
        LOG.info("Worker process {} is ready (warm-up {} ms)", ProcessHandle.current().pid(),
                (System.nanoTime() - t0) / 1_000_000);
        reply("ready");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (!command(line.trim())) {
                    break;
                }
            }
        } catch (IOException e) {
            LOG.warn("Worker process: reading the scheduler's commands failed: {}", e.toString());
        }
        // the scheduler is gone, or asked us to go: the worker's session ends first, cancelled, so
        // that nothing the process's shutdown does (its plug-in bundles stopping, say) reaches the
        // controller as tasks that finished — a worker whose server or node is gone is lost
        LOG.info("Worker process {} exits", ProcessHandle.current().pid());
        close();
        exit.run();
    }

    /** Handles one command; false to stop reading. */
    boolean command(String line) {
        if (line.equals("exit")) {
            return false;
        }
        if (line.startsWith("release ")) {
            release(line.substring("release ".length()).trim());
            return true;
        }
        if (line.startsWith("assign ")) {
            Assignment a;
            try {
                a = Assignment.parse(line);
            } catch (IllegalArgumentException e) {
                LOG.warn("Worker process: {}", e.getMessage());
                return true;
            }
            assign(a);
            return true;
        }
        LOG.warn("Worker process: unknown command '{}'", line);
        return true;
    }

    private void assign(Assignment a) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (current != null) {
                reply("refused " + a.workerId() + " busy with " + current.config().workerId());
                return;
            }
        }
        try {
            installPlugins(a.plugins());
        } catch (IOException | BundleException | RuntimeException e) {
            LOG.warn("Worker {} cannot install its plug-in bundles: {}", a.workerId(), e.toString());
            reply("refused " + a.workerId() + " plug-in bundles: " + oneLine(e.toString()));
            return;
        }
        Worker w;
        try {
            w = workers.apply(a.config());
        } catch (IllegalArgumentException e) {
            LOG.warn("Worker {} cannot be made: {}", a.workerId(), e.getMessage());
            reply("refused " + a.workerId() + " " + oneLine(e.getMessage()));
            return;
        }
        synchronized (this) {
            current = w;
        }
        // said before it starts: a worker that ends at once (its controller unreachable) says idle after
        reply("running " + a.workerId());
        w.done().whenComplete((v, t) -> ended(w));
        try {
            w.start();
        } catch (RuntimeException e) {
            LOG.warn("Worker {} could not start: {}", a.workerId(), e.toString());
            w.close();
        }
    }

    private void release(String workerId) {
        Worker w;
        synchronized (this) {
            w = current;
        }
        if (w != null && w.config().workerId().equals(workerId)) {
            LOG.info("Worker {} is released by the scheduler", workerId);
            w.close();
        }
    }

    /** A worker has ended: once its tasks' threads are gone, the process is idle again. */
    private void ended(Worker w) {
        Thread t = new Thread(() -> {
            try {
                w.tasksEnded().get(TASKS_END_MILLIS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("Worker {}: its tasks did not end within {} ms; the process exits instead of taking other"
                        + " work", w.config().workerId(), TASKS_END_MILLIS);
                exit.run();
                return;
            }
            synchronized (this) {
                if (current == w) {
                    current = null;
                }
            }
            reply("idle " + w.config().workerId());
        }, "wadi-worker-host-end");
        t.setDaemon(true);
        t.start();
    }

    /** Installs the listed plug-in jars (updating changed ones) and uninstalls those no longer listed. */
    private void installPlugins(Path list) throws IOException, BundleException {
        Set<String> wanted = new LinkedHashSet<>();
        if (list != null) {
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                String s = line.trim();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    wanted.add(Path.of(s).toAbsolutePath().toString());
                }
            }
        }
        List<Bundle> removed = new ArrayList<>();
        for (String jar : List.copyOf(plugins.keySet())) {
            if (!wanted.contains(jar)) {
                Bundle b = plugins.remove(jar);
                pluginStamps.remove(jar);
                b.uninstall();
                removed.add(b);
            }
        }
        List<Bundle> toStart = new ArrayList<>();
        for (String jar : wanted) {
            Path p = Path.of(jar);
            long stamp = Files.getLastModifiedTime(p).toMillis() ^ Files.size(p);
            Bundle b = plugins.get(jar);
            if (b == null) {
                b = context.installBundle("reference:" + p.toUri());
                plugins.put(jar, b);
                toStart.add(b);
            } else if (pluginStamps.get(jar) != stamp) {
                b.update();
                removed.add(b);
                toStart.add(b);
            }
            pluginStamps.put(jar, stamp);
        }
        if (!removed.isEmpty()) {
            refresh(removed);
        }
        for (Bundle b : toStart) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null && b.getState() != Bundle.ACTIVE) {
                b.start();
            }
        }
    }

    private void refresh(List<Bundle> bundles) {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, e -> done.countDown());
        try {
            if (!done.await(30, TimeUnit.SECONDS)) {
                LOG.warn("Worker process: refreshing {} bundles took more than 30 s", bundles.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reply(String message) {
        synchronized (out) {
            out.println(prefix + message);
            out.flush();
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    /** Ends the current worker (the process is stopping). */
    @Override
    public void close() {
        Worker w;
        synchronized (this) {
            closed = true;
            w = current;
        }
        if (w != null) {
            w.close();
        }
    }
}
