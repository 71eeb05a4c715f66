package org.wadi.controller.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
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
import org.wadi.controller.ServerMetrics;
import org.wadi.spi.connector.Connector;
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
 * {@link ServerMetrics} service.
 */
@Component(service = {JobOutputs.class, ServerMetrics.class}, immediate = true, configurationPid = "org.wadi.controller")
@Designate(ocd = ControllerConfig.class)
public final class ControllerComponent implements JobOutputs, ServerMetrics {

    private final Schedulers schedulers = new Schedulers();
    private final Connectors connectors = new Connectors();
    private final Controller controller;

    @Activate
    public ControllerComponent(@Reference PipelineStore store, @Reference CheckpointStore checkpoints,
            @Reference JobLogStore jobLogs, @Reference StorageProvider storage, ControllerConfig config)
            throws IOException {
        Settings settings = Settings.from(config, System::getenv);
        this.controller = new Controller(store, checkpoints,
                CheckpointStorage.of(storage, settings.checkpointStorageUrl()), jobLogs, schedulers, connectors,
                settings, Clock.systemUTC());
    }

    @Deactivate
    void deactivate() {
        controller.close();
    }

    @Reference(service = Scheduler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeScheduler")
    void addScheduler(Scheduler scheduler, Map<String, Object> properties) {
        schedulers.add(name(properties.get(Scheduler.NAME_PROPERTY)), scheduler);
        controller.wake();
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
        controller.wake();
    }

    void removeConnector(ServiceReference<Connector> reference) {
        connectors.remove(name(reference.getProperty(Connector.NAME_PROPERTY)), reference);
    }

    private static String name(Object property) {
        return property == null ? null : property.toString();
    }

    @Override
    public AutoCloseable subscribe(String jobId, Consumer<OutputRow> consumer) {
        return controller.outputs().subscribe(jobId, consumer);
    }

    @Override
    public void apiRequest(String method, String route, int status, long nanos) {
        controller.metrics().apiRequest(method, route, status, nanos);
    }

    @Override
    public void writeText(OutputStream out) throws IOException {
        controller.metrics().writeText(out);
    }
}
