package org.wadi.worker.internal;

import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.rpc.ClusterAuth;
import org.wadi.spi.connector.FileAccess;
import org.wadi.storage.StorageProvider;
import org.wadi.worker.internal.runtime.ConnectorLookup;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * The worker of a worker process. When the framework property {@code wadi.worker.pooled} is true,
 * the process is a pooled one: a {@link WorkerHost} runs the workers the scheduler assigns to it,
 * one after another. Otherwise, when {@code wadi.worker.id} is set (the worker launcher sets both
 * from the scheduler's environment), it runs one {@link Worker} with the {@code wadi.*} framework
 * properties and stops the framework when it is done, so the JVM exits. In the server, where
 * neither is set, it does nothing.
 */
@Component(immediate = true)
public final class WorkerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);
    /** Plug-in bundles start next to ours; give their connectors time to register. */
    private static final long CONNECTOR_WAIT_MILLIS = 15_000;

    private final Worker worker;
    private final WorkerHost host;

    @Activate
    public WorkerProcess(BundleContext context, @Reference ConnectorLookup connectors, @Reference FileAccess files,
            @Reference StorageProvider storage,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, target = "(wadi.worker.log=warn)")
            Supplier<String> logLines) {
        RuntimeOptions base = RuntimeOptions.DEFAULTS.withConnectorWaitMillis(CONNECTOR_WAIT_MILLIS)
                .withDataHost(context.getProperty("wadi.data.host"));
        if (Boolean.parseBoolean(context.getProperty("wadi.worker.pooled"))) {
            // a pooled process: the scheduler assigns it workers over its standard streams
            worker = null;
            // the cluster's credentials come with the scheduler's environment (WADI_CLUSTER_*), read
            // for each worker: a secret the server writes after this process started is used too
            host = new WorkerHost(context, config -> new Worker(config, connectors, files,
                    base.withAuth(ClusterAuth.resolve(System::getenv, null)), storage).reportingLogLines(logLines),
                    System.in, System.out, () -> stopFramework(context),
                    orDefault(context.getProperty("wadi.host.token"), "-"));
            host.start();
            return;
        }
        host = null;
        String id = context.getProperty("wadi.worker.id");
        if (id == null || id.isBlank()) {
            worker = null;
            return;
        }
        Worker.Config config;
        try {
            config = new Worker.Config(id, required(context, "wadi.job.id"),
                    Long.parseLong(required(context, "wadi.run.id")), required(context, "wadi.controller.address"),
                    Integer.parseInt(orDefault(context.getProperty("wadi.worker.slots"), "1")));
        } catch (IllegalArgumentException e) {
            LOG.error("Worker {} cannot start: {}", id, e.getMessage());
            worker = null;
            stopFramework(context);
            return;
        }
        RuntimeOptions options;
        try {
            options = base.withAuth(ClusterAuth.resolve(System::getenv, null));
        } catch (IllegalArgumentException e) {
            LOG.error("Worker {} cannot start: {}", id, e.getMessage());
            worker = null;
            stopFramework(context);
            return;
        }
        worker = new Worker(config, connectors, files, options, storage).reportingLogLines(logLines);
        worker.done().whenComplete((v, t) -> stopFramework(context));
        worker.start();
    }

    @Deactivate
    void deactivate() {
        if (host != null) {
            host.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    private static String required(BundleContext context, String key) {
        String v = context.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("the framework property " + key + " is not set (environment "
                    + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_') + ")");
        }
        return v;
    }

    private static String orDefault(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v;
    }

    /** On its own thread: stopping the framework deactivates this component, which waits for nothing. */
    private static void stopFramework(BundleContext context) {
        Thread t = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Stopping the worker's framework failed", e);
            }
        }, "wadi-worker-exit");
        t.start();
    }
}
