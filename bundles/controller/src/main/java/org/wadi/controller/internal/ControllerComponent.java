package org.wadi.controller.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.wadi.controller.JobOutputs;
import org.wadi.controller.OperatorMetrics;
import org.wadi.controller.SchedulerConfigCheck;
import org.wadi.controller.ServerMetrics;
import org.wadi.rpc.ClusterAuth;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.function.AggregateFunction;
import org.wadi.spi.function.AsyncFunction;
import org.wadi.spi.function.ScalarFunction;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.storage.StorageProvider;
import org.wadi.store.CheckpointStore;
import org.wadi.store.JobLogStore;
import org.wadi.store.PipelineStore;

/**
 * The controller as a Declarative Services component: takes its configuration and the store,
 * follows the scheduler and connector services as they come and go, and offers the preview output
 * of running jobs as the {@link JobOutputs} service and the server's metrics as the
 * {@link ServerMetrics} service and the operators' recent metrics as the {@link OperatorMetrics} service,
 * and checks pipelines' {@code scheduler_config} against its scheduler ({@link SchedulerConfigCheck}). Of several servers sharing a database only the one holding the
 * controller lock runs the controller ({@link ActiveController}).
 */
@Component(service = {JobOutputs.class, ServerMetrics.class, OperatorMetrics.class, SchedulerConfigCheck.class},
        immediate = true,
        configurationPid = "org.wadi.controller")
@Designate(ocd = ControllerConfig.class)
public final class ControllerComponent implements JobOutputs, ServerMetrics, OperatorMetrics, SchedulerConfigCheck {

    private final Schedulers schedulers = new Schedulers();
    private final Connectors connectors = new Connectors();
    private final ControllerMetrics metrics;
    private final ActiveController controller;
    private final String schedulerName;

    @Activate
    public ControllerComponent(@Reference PipelineStore store, @Reference CheckpointStore checkpoints,
            @Reference JobLogStore jobLogs, @Reference StorageProvider storage, ControllerConfig config) {
        Settings settings = Settings.from(config, System::getenv);
        this.schedulerName = settings.scheduler();
        CheckpointStorage checkpointStorage = CheckpointStorage.of(storage, settings.checkpointStorageUrl());
        this.metrics = new ControllerMetrics(store::jobCountsByState, true);
        ClusterAuth auth = clusterAuth(settings);
        this.controller = new ActiveController(store.controllerLock(), settings.pollInterval(),
                () -> new Controller(store, checkpoints, checkpointStorage, jobLogs, schedulers, connectors, settings,
                        Clock.systemUTC(), metrics, auth));
    }

    /**
     * The cluster's credentials: configured ({@code WADI_CLUSTER_*}), or the secret in the data
     * folder, or — when the gRPC port or the workers' data ports listen beyond the loopback
     * interface — a secret generated there (the process scheduler hands that file to its workers).
     */
    static ClusterAuth clusterAuth(Settings settings) {
        String data = System.getProperty("karaf.data", "data");
        String dataHost = System.getenv("WADI_DATA_HOST");
        boolean exposed = ClusterAuth.isExposed(settings.grpcHost())
                || (dataHost != null && !dataHost.isBlank() && ClusterAuth.isExposed(dataHost));
        try {
            return ClusterAuth.resolveForServer(System::getenv, Path.of(data), exposed);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the cluster secret into " + data + ": " + e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() {
        controller.close();
    }

    private void wake() {
        controller.active().ifPresent(Controller::wake);
    }

    @Reference(service = Scheduler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeScheduler")
    void addScheduler(Scheduler scheduler, Map<String, Object> properties) {
        schedulers.add(name(properties.get(Scheduler.NAME_PROPERTY)), scheduler);
        wake();
    }

    void removeScheduler(Scheduler scheduler, Map<String, Object> properties) {
        schedulers.remove(name(properties.get(Scheduler.NAME_PROPERTY)), scheduler);
    }

    @Reference(service = Connector.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeConnector")
    void addConnector(ServiceReference<Connector> reference) {
        Bundle b = reference.getBundle();
        if (b == null) {
            return; // unregistered meanwhile
        }
        connectors.add(name(reference.getProperty(Connector.NAME_PROPERTY)), reference,
                new PluginBundle(b.getSymbolicName(), b.getVersion().toString(), b.getLocation()));
        wake();
    }

    void removeConnector(ServiceReference<Connector> reference) {
        connectors.remove(name(reference.getProperty(Connector.NAME_PROPERTY)), reference);
    }

    @Reference(service = ScalarFunction.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeFunction")
    void addScalarFunction(ServiceReference<?> reference) {
        addFunction(reference);
    }

    @Reference(service = AggregateFunction.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeFunction")
    void addAggregateFunction(ServiceReference<?> reference) {
        addFunction(reference);
    }

    @Reference(service = AsyncFunction.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeFunction")
    void addAsyncFunction(ServiceReference<?> reference) {
        addFunction(reference);
    }

    private void addFunction(ServiceReference<?> reference) {
        Bundle b = reference.getBundle();
        if (b != null) {
            connectors.addFunctions(reference, new PluginBundle(b.getSymbolicName(), b.getVersion().toString(),
                    b.getLocation()));
        }
    }

    void removeFunction(ServiceReference<?> reference) {
        connectors.removeFunctions(reference);
    }

    private static String name(Object property) {
        return property == null ? null : property.toString();
    }

    @Override
    public AutoCloseable subscribe(String jobId, Consumer<OutputRow> consumer) {
        Optional<Controller> active = controller.active();
        // rows reach the active server's controller only: a standby has none to give
        return active.isPresent() ? active.get().outputs().subscribe(jobId, consumer) : () -> { };
    }

    @Override
    public AutoCloseable subscribe(String jobId, Consumer<OutputRow> consumer, Runnable onEnd) {
        Optional<Controller> active = controller.active();
        return active.isPresent() ? active.get().outputs().subscribe(jobId, consumer, onEnd) : () -> { };
    }

    @Override
    public void check(Map<String, Object> schedulerConfig) {
        if (schedulerConfig.isEmpty()) {
            return;
        }
        Scheduler scheduler = schedulers.get(schedulerName).orElseThrow(() -> new IllegalStateException("scheduler '"
                + schedulerName + "' is not available to check scheduler_config (its bundle may still be starting);"
                + " available schedulers: " + (schedulers.names().isEmpty() ? "none" : String.join(", ", schedulers.names()))));
        SchedulerConfigs.check(schedulerName, scheduler, schedulerConfig);
    }

    @Override
    public void apiRequest(String method, String route, int status, long nanos) {
        metrics.apiRequest(method, route, status, nanos);
    }

    @Override
    public void writeText(OutputStream out) throws IOException {
        metrics.writeText(out);
    }

    @Override
    public List<SubtaskSeries> recent(String jobId) {
        return metrics.operators().recent(jobId);
    }
}
