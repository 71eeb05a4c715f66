package org.wadi.worker.internal;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.rpc.ClusterAuth;
import org.wadi.spi.connector.FileAccess;
import org.wadi.storage.StorageProvider;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.SchedulerException;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;
import org.wadi.worker.internal.runtime.ConnectorLookup;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * Runs workers inside this JVM, each on its own threads and speaking the same gRPC protocol over
 * loopback as a worker process would. Connectors and functions are the ones installed here, so the
 * request's plug-in bundles need no installing. For tests, development and single-machine setups.
 */
@Component(service = Scheduler.class, property = Scheduler.NAME_PROPERTY + "=embedded")
public final class EmbeddedScheduler implements Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedScheduler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectorLookup connectors;
    private final FileAccess files;
    private final RuntimeOptions options;
    private final StorageProvider storage;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();

    @Activate
    public EmbeddedScheduler(@Reference ConnectorLookup connectors, @Reference FileAccess files,
            @Reference StorageProvider storage) {
        this(connectors, files, RuntimeOptions.DEFAULTS.withConnectorWaitMillis(2000), storage);
    }

    // not public: Declarative Services must see one 3-argument constructor only, the @Activate one
    EmbeddedScheduler(ConnectorLookup connectors, FileAccess files, RuntimeOptions options) {
        this(connectors, files, options, null);
    }

    /** @param storage opens checkpoint storage for the workers; {@code null}: checkpoints fail */
    EmbeddedScheduler(ConnectorLookup connectors, FileAccess files, RuntimeOptions options,
            StorageProvider storage) {
        this.storage = storage;
        this.connectors = connectors;
        this.files = files;
        this.options = options;
    }

    @Override
    public void startWorkers(WorkerRequest request) throws SchedulerException {
        if (request.workers() < 1) {
            throw new SchedulerException("a run needs at least one worker, asked for " + request.workers());
        }
        RuntimeOptions runOptions = options;
        if (options.auth() == ClusterAuth.NONE) {
            // the controller in this JVM may require the cluster's credentials: the same as it found
            String data = System.getProperty("karaf.data");
            try {
                runOptions = options.withAuth(ClusterAuth.resolve(System::getenv,
                        data == null ? null : Path.of(data, ClusterAuth.SECRET_FILE_NAME)));
            } catch (IllegalArgumentException e) {
                throw new SchedulerException("the cluster credentials are unusable: " + e.getMessage());
            }
        }
        for (int i = 0; i < request.workers(); i++) {
            Worker w = new Worker(new Worker.Config(newWorkerId(), request.jobId(), request.runId(),
                    request.controllerAddress(), request.slotsPerWorker()), connectors, files, runOptions, storage);
            workers.add(w);
            w.done().whenComplete((v, t) -> workers.remove(w));
            try {
                w.start();
            } catch (RuntimeException e) {
                workers.remove(w);
                w.close();
                throw new SchedulerException("an embedded worker for job " + request.jobId()
                        + " could not connect to the controller at " + request.controllerAddress() + ": " + e.getMessage(), e);
            }
        }
        LOG.info("Started {} embedded worker(s) for job {} run {}", request.workers(), request.jobId(), request.runId());
    }

    @Override
    public void stopWorkers(String jobId, long runId, boolean force) {
        for (Worker w : workers) {
            Worker.Config c = w.config();
            if (c.jobId().equals(jobId) && (runId < 0 || c.runId() == runId)) {
                if (force) {
                    w.close();
                } else {
                    w.stop();
                }
            }
        }
    }

    @Override
    public List<WorkerHandle> workers(String jobId) {
        List<WorkerHandle> out = new ArrayList<>();
        for (Worker w : workers) {
            Worker.Config c = w.config();
            if (c.jobId().equals(jobId)) {
                out.add(new WorkerHandle(c.workerId(), c.jobId(), c.runId(), "embedded in pid "
                        + ProcessHandle.current().pid(), !w.done().isDone()));
            }
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        for (Worker w : workers) {
            w.close();
        }
        workers.clear();
    }

    static String newWorkerId() {
        return "wkr_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }
}
