package org.wadi.scheduler.kubernetes.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The Kubernetes scheduler's settings as plain values.
 *
 * @param master the API server's URL, or empty to configure the client from its environment
 * @param namespace the worker pods' namespace, or empty for the client's own
 * @param controllerAddress {@code host:port} the pods connect to, or empty for the controller's advertised one
 * @param template the pods' image, resources, labels and placement
 * @param jvmOptions {@code JAVA_OPTS} of the worker container
 * @param stopTimeoutSeconds the pods' termination grace period
 * @param workerBundles symbolic names of the worker bundle set, in install order
 * @param clusterSecret the Kubernetes Secret holding the cluster secret (key {@value #CLUSTER_SECRET_KEY}), or empty
 */
public record KubernetesSettings(
        String master,
        String namespace,
        String controllerAddress,
        PodTemplate template,
        String jvmOptions,
        long stopTimeoutSeconds,
        List<String> workerBundles,
        String clusterSecret) {

    /** The key of the cluster secret in its Kubernetes Secret. */
    public static final String CLUSTER_SECRET_KEY = "secret";

    public static final String DEFAULT_IMAGE = "wadi/wadi:0.1.0-SNAPSHOT";
    static final String PID_FILE = "etc/org.wadi.scheduler.kubernetes.cfg";

    public KubernetesSettings {
        workerBundles = List.copyOf(workerBundles);
        if (stopTimeoutSeconds < 0) {
            throw new IllegalArgumentException(variable("kubernetes.worker.stop.timeout.s") + " must be 0 or more, was "
                    + stopTimeoutSeconds);
        }
        if (!clusterSecret.isBlank() && !clusterSecret.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException("kubernetes.worker.cluster.secret '" + clusterSecret
                    + "' is not the name of a Kubernetes Secret (lower case letters, digits, '-' and '.')");
        }
        if (!controllerAddress.isBlank() && !controllerAddress.matches("[^:\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException("kubernetes.controller.address '" + controllerAddress
                    + "' is not host:port (in " + PID_FILE + " or " + variable("kubernetes.controller.address") + ")");
        }
    }

    /**
     * The settings from the configuration, each key overridden by {@code WADI_<KEY>} when that is set.
     *
     * @throws IllegalArgumentException naming the bad key and value
     */
    public static KubernetesSettings from(KubernetesSchedulerConfig c, Function<String, String> env) {
        try {
            PodTemplate template = new PodTemplate(
                    get(env, "kubernetes.worker.image", c.kubernetes_worker_image()),
                    get(env, "kubernetes.worker.image.pull.policy", c.kubernetes_worker_image_pull_policy()),
                    resources(get(env, "kubernetes.worker.cpu.request", c.kubernetes_worker_cpu_request()),
                            get(env, "kubernetes.worker.memory.request", c.kubernetes_worker_memory_request())),
                    resources(get(env, "kubernetes.worker.cpu.limit", c.kubernetes_worker_cpu_limit()),
                            get(env, "kubernetes.worker.memory.limit", c.kubernetes_worker_memory_limit())),
                    Labels.parse(get(env, "kubernetes.worker.labels", c.kubernetes_worker_labels()), "label"),
                    Labels.parse(get(env, "kubernetes.worker.annotations", c.kubernetes_worker_annotations()), "annotation"),
                    get(env, "kubernetes.worker.service.account", c.kubernetes_worker_service_account()),
                    Labels.parse(get(env, "kubernetes.worker.node.selector", c.kubernetes_worker_node_selector()),
                            "node selector"),
                    PodTemplate.tolerations(get(env, "kubernetes.worker.tolerations", c.kubernetes_worker_tolerations())),
                    Map.of());
            String bundles = env.apply(variable("kubernetes.worker.bundles"));
            List<String> workerBundles = bundles == null || bundles.isBlank()
                    ? Arrays.stream(c.kubernetes_worker_bundles()).flatMap(b -> split(b).stream()).toList()
                    : split(bundles);
            String timeout = get(env, "kubernetes.worker.stop.timeout.s", Long.toString(c.kubernetes_worker_stop_timeout_s()));
            long stop;
            try {
                stop = Long.parseLong(timeout);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("kubernetes.worker.stop.timeout.s must be a whole number of seconds, was '"
                        + timeout + "'");
            }
            return new KubernetesSettings(get(env, "kubernetes.master", c.kubernetes_master()),
                    get(env, "kubernetes.namespace", c.kubernetes_namespace()),
                    get(env, "kubernetes.controller.address", c.kubernetes_controller_address()),
                    template, get(env, "kubernetes.worker.jvm.options", c.kubernetes_worker_jvm_options()), stop,
                    workerBundles, get(env, "kubernetes.worker.cluster.secret", c.kubernetes_worker_cluster_secret()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Kubernetes scheduler configuration (" + PID_FILE + "): " + e.getMessage(), e);
        }
    }

    private static Map<String, String> resources(String cpu, String memory) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!cpu.isBlank()) {
            out.put("cpu", cpu);
        }
        if (!memory.isBlank()) {
            out.put("memory", memory);
        }
        return out;
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static String variable(String key) {
        return "WADI_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static String get(Function<String, String> env, String key, String configured) {
        String v = env.apply(variable(key));
        return v == null || v.isBlank() ? (configured == null ? "" : configured.trim()) : v.trim();
    }
}
