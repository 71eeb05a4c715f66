package org.wadi.controller.internal;

import io.grpc.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.wadi.rpc.ClusterAuth;
import org.wadi.rpc.Rpc;
import org.wadi.store.CheckpointStore;
import org.wadi.store.JobLogStore;
import org.wadi.store.PipelineStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller without OSGi: the gRPC server for workers, the preview output hub, the job log
 * recorder, the server's metrics and the reconciliation loop, started together and stopped together.
 */
public final class Controller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final OutputHub outputs;
    private final ControllerMetrics metrics;
    private final JobLogRecorder jobLog;
    private final Server server;
    private final String address;
    private final Reconciler reconciler;

    /**
     * @param checkpoints where checkpoints are recorded; {@code null}: jobs run without checkpoints
     * @param checkpointStorage where their state goes
     * @param jobLogs where the jobs' errors lists are kept; {@code null}: nowhere
     */
    public Controller(PipelineStore store, CheckpointStore checkpoints, CheckpointStorage checkpointStorage,
            JobLogStore jobLogs, Schedulers schedulers, Connectors connectors, Settings settings, Clock clock)
            throws IOException {
        this(store, checkpoints, checkpointStorage, jobLogs, schedulers, connectors, settings, clock,
                new ControllerMetrics(store::jobCountsByState, true));
    }

    /**
     * A controller recording into the server's {@code metrics}, which outlive it (a server whose
     * controller stands by still serves them).
     */
    public Controller(PipelineStore store, CheckpointStore checkpoints, CheckpointStorage checkpointStorage,
            JobLogStore jobLogs, Schedulers schedulers, Connectors connectors, Settings settings, Clock clock,
            ControllerMetrics metrics) throws IOException {
        this(store, checkpoints, checkpointStorage, jobLogs, schedulers, connectors, settings, clock, metrics,
                ClusterAuth.NONE);
    }

    /**
     * A controller whose gRPC port admits only workers proving the cluster's credentials
     * {@code auth} ({@link ClusterAuth#NONE}: any).
     */
    public Controller(PipelineStore store, CheckpointStore checkpoints, CheckpointStorage checkpointStorage,
            JobLogStore jobLogs, Schedulers schedulers, Connectors connectors, Settings settings, Clock clock,
            ControllerMetrics metrics, ClusterAuth auth) throws IOException {
        this.outputs = new OutputHub(settings.outputQueueSize());
        this.metrics = metrics;
        this.jobLog = new JobLogRecorder(jobLogs, settings.jobLogRatePerMinute(), settings.jobLogRetention(), metrics,
                clock);
        RunRegistry runs = new RunRegistry();
        try {
            this.server = Rpc.startServer(new InetSocketAddress(settings.grpcHost(), settings.grpcPort()), auth,
                    new WorkerService(runs, outputs, jobLog, metrics));
        } catch (IOException e) {
            jobLog.close();
            outputs.close();
            throw new IOException("the controller's gRPC server cannot listen on " + settings.grpcHost() + ":"
                    + settings.grpcPort() + " (controller.grpc.host / controller.grpc.port): " + e.getMessage(), e);
        }
        this.address = settings.workerFacingHost() + ":" + server.getPort();
        this.reconciler = new Reconciler(store, checkpoints, checkpointStorage, schedulers, connectors, runs, settings,
                () -> address, clock, metrics, jobLog, outputs::jobState);
        reconciler.start();
        LOG.info("Controller started: workers connect to {}, scheduler '{}', checkpoints in {}, cluster credentials: {}",
                address, settings.scheduler(), checkpointStorage == null ? "(none)" : checkpointStorage.url(),
                auth.describe());
    }

    /** {@code host:port} workers connect to. */
    public String address() {
        return address;
    }

    public OutputHub outputs() {
        return outputs;
    }

    public ControllerMetrics metrics() {
        return metrics;
    }

    /** Asks the loop for a pass now (a plug-in appeared, say). */
    public void wake() {
        reconciler.wake();
    }

    @Override
    public void close() {
        reconciler.close();
        server.shutdownNow();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The controller's gRPC server did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outputs.close();
        jobLog.close();
        LOG.info("Controller stopped");
    }
}
