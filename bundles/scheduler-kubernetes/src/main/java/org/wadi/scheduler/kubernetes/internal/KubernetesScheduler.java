package org.wadi.scheduler.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.SchedulerException;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;
import java.util.function.Function;

/**
 * The {@code kubernetes} scheduler: each worker is a pod, created through the Kubernetes API with
 * the image, resources, labels, annotations, service account, node selector and tolerations of
 * {@code etc/org.wadi.scheduler.kubernetes.cfg}, overridden per pipeline by its
 * {@code scheduler_config}. Pods carry their job, run and worker ids as labels; stopping a job's
 * workers deletes its pods, and {@link #workers} reads the pods' status. Pods outlive a restart
 * of the server (the controller stops the leftovers of runs it cannot continue).
 */
@Component(service = Scheduler.class, property = Scheduler.NAME_PROPERTY + "=kubernetes",
        configurationPid = "org.wadi.scheduler.kubernetes")
@Designate(ocd = KubernetesSchedulerConfig.class)
public final class KubernetesScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesScheduler.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int REQUEST_RETRIES = 2;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    /** Finds the location of a bundle installed in the server by symbolic name. */
    @FunctionalInterface
    public interface InstalledBundles {
        Optional<String> location(String symbolicName);
    }

    private final KubernetesSettings settings;
    private final KubernetesClient client;
    private final InstalledBundles installed;
    private final String namespace;
    private volatile boolean closed;

    @Activate
    public KubernetesScheduler(BundleContext context, KubernetesSchedulerConfig config) {
        this(KubernetesSettings.from(config, System::getenv), null, name -> find(context, name));
    }

    /**
     * A scheduler with plain values, for tests.
     *
     * @param client the client to use, or null to build one from the settings (closed with this scheduler)
     */
    public KubernetesScheduler(KubernetesSettings settings, KubernetesClient client, InstalledBundles installed) {
        this.settings = settings;
        this.client = client != null ? client : newClient(settings);
        this.installed = installed;
        String ns = settings.namespace().isBlank() ? this.client.getNamespace() : settings.namespace();
        this.namespace = ns == null || ns.isBlank() ? "default" : ns;
        LOG.info("Kubernetes scheduler: worker pods in namespace {} of {}, image {}", namespace,
                this.client.getMasterUrl(), settings.template().image());
    }

    /** The client, configured from the pod's service account or kubeconfig, with the JDK's HTTP client. */
    static KubernetesClient newClient(KubernetesSettings settings) {
        // the client looks some things up through the context class loader: make it ours
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KubernetesScheduler.class.getClassLoader());
        try {
            ConfigBuilder config = new ConfigBuilder(Config.autoConfigure(null))
                    // a start must fail within the controller's scheduling timeout, not retry for a minute
                    .withRequestRetryBackoffLimit(REQUEST_RETRIES)
                    .withConnectionTimeout(CONNECT_TIMEOUT_MS);
            if (!settings.master().isBlank()) {
                config.withMasterUrl(settings.master());
            }
            return new KubernetesClientBuilder().withConfig(config.build()).withHttpClientFactory(new JdkHttpClientFactory())
                    .build();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Optional<String> find(BundleContext context, String symbolicName) {
        Bundle best = null;
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())
                    && (best == null || b.getVersion().compareTo(best.getVersion()) > 0)) {
                best = b;
            }
        }
        return Optional.ofNullable(best).map(Bundle::getLocation);
    }

    /** The pod settings a pipeline's {@code scheduler_config} may override ({@link PodTemplate#withOverrides}). */
    @Override
    public Set<String> schedulerConfigKeys() {
        return PodTemplate.OVERRIDE_KEYS;
    }

    /** Applies the {@code scheduler_config} to the configured pod settings, as a start would. */
    @Override
    public void checkSchedulerConfig(Map<String, Object> schedulerConfig) {
        settings.template().withOverrides(schedulerConfig);
    }

    /** The namespace the worker pods go to. */
    public String namespace() {
        return namespace;
    }

    @Override
    public void startWorkers(WorkerRequest request) throws SchedulerException {
        if (closed) {
            throw new SchedulerException("the kubernetes scheduler is stopping");
        }
        PodTemplate template;
        try {
            Map<String, String> env = request.env();
            template = settings.template().withOverrides(request.schedulerConfig());
            if (!env.isEmpty()) {
                Map<String, String> merged = new LinkedHashMap<>(env);
                merged.putAll(template.env());
                template = new PodTemplate(template.image(), template.imagePullPolicy(), template.requests(),
                        template.limits(), template.labels(), template.annotations(), template.serviceAccount(),
                        template.nodeSelector(), template.tolerations(), merged);
            }
        } catch (IllegalArgumentException e) {
            throw new SchedulerException("job " + request.jobId() + ": " + e.getMessage(), e);
        }
        if (settings.clusterSecret().isBlank()
                && clusterSecretRequired(System::getenv, System.getProperty("karaf.data"))) {
            throw new SchedulerException("the controller requires the cluster secret, but no Kubernetes Secret gives it to"
                    + " the worker pods: create one (kubectl create secret generic wadi-cluster --from-literal=secret=…,"
                    + " the same value as the server's WADI_CLUSTER_SECRET) and name it in kubernetes.worker.cluster.secret"
                    + " (" + KubernetesSettings.PID_FILE + ")");
        }
        List<String> bundles = bundleLocations(request);
        String controller = settings.controllerAddress().isBlank() ? request.controllerAddress()
                : settings.controllerAddress();
        if (controller.startsWith("127.") || controller.startsWith("localhost:")) {
            LOG.warn("Worker pods of job {} are told to reach the controller at {}, a loopback address; set"
                    + " kubernetes.controller.address in {} to the server's Service (such as wadi:5116)",
                    request.jobId(), controller, KubernetesSettings.PID_FILE);
        }
        deleteEarlierRuns(request.jobId(), request.runId());
        List<String> created = new ArrayList<>();
        for (int i = 0; i < request.workers(); i++) {
            String workerId = newId("wkr_");
            Pod pod = WorkerPods.pod(template, workerId, request.jobId(), request.runId(), controller,
                    request.slotsPerWorker(), bundles, settings.jvmOptions(), settings.stopTimeoutSeconds(),
                    settings.clusterSecret());
            try {
                client.pods().inNamespace(namespace).resource(pod).create();
                created.add(pod.getMetadata().getName());
                LOG.info("Created pod {} for worker {} of job {} run {}", pod.getMetadata().getName(), workerId,
                        request.jobId(), request.runId());
            } catch (KubernetesClientException e) {
                deleteQuietly(created);
                throw new SchedulerException("cannot create worker pod " + pod.getMetadata().getName() + " for job "
                        + request.jobId() + " in namespace " + namespace + " of " + client.getMasterUrl() + ": "
                        + reason(e), e);
            }
        }
    }

    /**
     * Whether the controller of this server requires the cluster secret: one is configured
     * (WADI_CLUSTER_SECRET, WADI_CLUSTER_SECRET_FILE) or was generated into the data folder.
     */
    static boolean clusterSecretRequired(Function<String, String> env, String dataFolder) {
        return notBlank(env.apply("WADI_CLUSTER_SECRET")) || notBlank(env.apply("WADI_CLUSTER_SECRET_FILE"))
                || (dataFolder != null
                        && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(dataFolder, "cluster.secret")));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The locations of the worker bundle set and the job's plug-ins, in install order. */
    List<String> bundleLocations(WorkerRequest request) throws SchedulerException {
        List<String> out = new ArrayList<>();
        for (String name : settings.workerBundles()) {
            out.add(installed.location(name).orElseThrow(() -> new SchedulerException("worker bundle '" + name
                    + "' is not installed in the server (kubernetes.worker.bundles in " + KubernetesSettings.PID_FILE
                    + " lists " + String.join(", ", settings.workerBundles()) + ")")));
        }
        for (PluginBundle p : request.plugins()) {
            if (!out.contains(p.location())) {
                out.add(p.location());
            }
        }
        return out;
    }

    /**
     * Deletes pods left from earlier runs of the job: a new run means those are over, and a server
     * that died between runs may not have stopped them.
     */
    private void deleteEarlierRuns(String jobId, long runId) {
        List<String> leftovers = new ArrayList<>();
        try {
            for (Pod pod : client.pods().inNamespace(namespace).withLabel(WorkerPods.MANAGED_BY_LABEL, WorkerPods.MANAGED_BY)
                    .withLabel(WorkerPods.JOB_LABEL, jobId).list().getItems()) {
                String run = pod.getMetadata().getLabels().get(WorkerPods.RUN_LABEL);
                if (run == null || !run.matches("\\d+") || Long.parseLong(run) < runId) {
                    leftovers.add(pod.getMetadata().getName());
                }
            }
        } catch (KubernetesClientException e) {
            return; // the creation that follows reports an unreachable API server
        }
        if (!leftovers.isEmpty()) {
            LOG.info("Deleting {} pods of earlier runs of job {}: {}", leftovers.size(), jobId, leftovers);
            deleteQuietly(leftovers);
        }
    }

    private void deleteQuietly(List<String> podNames) {
        for (String name : podNames) {
            try {
                client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
            } catch (KubernetesClientException e) {
                LOG.warn("Could not delete pod {} in namespace {}: {}", name, namespace, reason(e));
            }
        }
    }

    @Override
    public void stopWorkers(String jobId, long runId, boolean force) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(WorkerPods.MANAGED_BY_LABEL, WorkerPods.MANAGED_BY);
        selector.put(WorkerPods.JOB_LABEL, jobId);
        if (runId >= 0) {
            selector.put(WorkerPods.RUN_LABEL, Long.toString(runId));
        }
        try {
            var deleted = client.pods().inNamespace(namespace).withLabels(selector)
                    .withGracePeriod(force ? 0 : settings.stopTimeoutSeconds()).delete();
            if (!deleted.isEmpty()) {
                LOG.info("Deleted {} worker pods of job {}{}", deleted.size(), jobId, runId >= 0 ? " run " + runId : "");
            }
        } catch (KubernetesClientException e) {
            LOG.warn("Could not delete the worker pods of job {} in namespace {}: {}", jobId, namespace, reason(e));
        }
    }

    @Override
    public List<WorkerHandle> workers(String jobId) {
        List<Pod> pods;
        try {
            pods = client.pods().inNamespace(namespace).withLabel(WorkerPods.MANAGED_BY_LABEL, WorkerPods.MANAGED_BY)
                    .withLabel(WorkerPods.JOB_LABEL, jobId).list().getItems();
        } catch (KubernetesClientException e) {
            // unknown is not dead: the controller learns of dead workers from their gRPC sessions too
            LOG.warn("Could not list the worker pods of job {} in namespace {}: {}", jobId, namespace, reason(e));
            return List.of();
        }
        List<WorkerHandle> out = new ArrayList<>();
        for (Pod pod : pods) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            long runId;
            try {
                runId = Long.parseLong(labels.getOrDefault(WorkerPods.RUN_LABEL, "-1"));
            } catch (NumberFormatException e) {
                runId = -1;
            }
            out.add(new WorkerHandle(labels.getOrDefault(WorkerPods.WORKER_LABEL, pod.getMetadata().getName()), jobId,
                    runId, describe(pod), alive(pod)));
        }
        return out;
    }

    /** Whether a pod's worker runs or is about to: not being deleted, and Pending or Running. */
    static boolean alive(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return phase == null || phase.equals("Pending") || phase.equals("Running");
    }

    /** For operators: {@code pod wadi-wkr-… on node-1, Running} with the container's reason when it has one. */
    static String describe(Pod pod) {
        StringBuilder sb = new StringBuilder("pod ").append(pod.getMetadata().getName());
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node != null) {
            sb.append(" on ").append(node);
        }
        var status = pod.getStatus();
        sb.append(", ").append(status == null || status.getPhase() == null ? "Pending" : status.getPhase());
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            sb.append(", being deleted");
        }
        if (status != null && status.getContainerStatuses() != null) {
            for (ContainerStatus cs : status.getContainerStatuses()) {
                var state = cs.getState();
                if (state == null) {
                    continue;
                }
                if (state.getWaiting() != null && state.getWaiting().getReason() != null) {
                    sb.append(", ").append(state.getWaiting().getReason());
                } else if (state.getTerminated() != null) {
                    sb.append(", exited with code ").append(state.getTerminated().getExitCode());
                    if (state.getTerminated().getReason() != null) {
                        sb.append(" (").append(state.getTerminated().getReason()).append(')');
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")";
        }
        return e.getMessage();
    }

    /** Closes the client; the pods keep running (the controller decides what becomes of them). */
    @Deactivate
    @Override
    public void close() {
        closed = true;
        client.close();
    }

    private static String newId(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 10; i++) {
            sb.append(ID_CHARS[RANDOM.nextInt(ID_CHARS.length)]);
        }
        return sb.toString();
    }
}
