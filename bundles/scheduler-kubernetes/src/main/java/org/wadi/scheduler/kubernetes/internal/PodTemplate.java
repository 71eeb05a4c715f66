package org.wadi.scheduler.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a worker pod is made of, beyond its identity: image, resources, labels, annotations, service
 * account, node selector, tolerations and extra environment. The scheduler's configuration gives the
 * defaults; a pipeline's {@code scheduler_config} overrides them for its workers
 * ({@link #withOverrides}).
 *
 * @param image the container image
 * @param imagePullPolicy Always, IfNotPresent or Never
 * @param requests resource requests by name (cpu, memory)
 * @param limits resource limits by name
 * @param labels extra pod labels
 * @param annotations pod annotations
 * @param serviceAccount the pod's service account, or empty
 * @param nodeSelector the pod's node selector
 * @param tolerations the pod's tolerations
 * @param env extra environment of the worker container
 */
public record PodTemplate(
        String image,
        String imagePullPolicy,
        Map<String, String> requests,
        Map<String, String> limits,
        Map<String, String> labels,
        Map<String, String> annotations,
        String serviceAccount,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Map<String, String> env) {

    /** The keys a pipeline's {@code scheduler_config} may hold. */
    public static final Set<String> OVERRIDE_KEYS = new TreeSet<>(List.of("image", "image_pull_policy", "resources",
            "labels", "annotations", "service_account", "node_selector", "tolerations", "env"));
    static final Set<String> PULL_POLICIES = new TreeSet<>(List.of("Always", "IfNotPresent", "Never"));
    private static final Set<String> RESOURCE_KEYS = new TreeSet<>(List.of("requests", "limits"));
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    public PodTemplate {
        requests = Map.copyOf(requests);
        limits = Map.copyOf(limits);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
        env = Map.copyOf(env);
        check("image", image);
        if (!PULL_POLICIES.contains(imagePullPolicy)) {
            throw new IllegalArgumentException("image pull policy '" + imagePullPolicy + "' is not one of " + PULL_POLICIES);
        }
        requests.forEach((k, v) -> quantity("requests." + k, v));
        limits.forEach((k, v) -> quantity("limits." + k, v));
        Labels.check(labels, "label");
        Labels.check(nodeSelector, "node selector");
    }

    private static void check(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the worker " + what + " is empty");
        }
    }

    private static void quantity(String key, String value) {
        try {
            Quantity.getAmountInBytes(new Quantity(value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("resources." + key + " '" + value
                    + "' is not a Kubernetes quantity (such as 500m, 2, 768Mi, 2Gi)");
        }
    }

    /** Tolerations from a JSON array, as the configuration holds them; empty text: none. */
    public static List<Toleration> tolerations(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        Object parsed;
        try {
            parsed = JSON.unmarshal(json, Object.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("tolerations are not valid JSON: " + e.getMessage());
        }
        return tolerations(parsed);
    }

    private static List<Toleration> tolerations(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("tolerations must be a JSON array of objects, was " + value);
        }
        List<Toleration> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("each toleration must be an object (key, operator, value, effect,"
                        + " tolerationSeconds), was " + item);
            }
            Toleration t = JSON.convertValue(item, Toleration.class);
            if (!t.getAdditionalProperties().isEmpty()) {
                throw new IllegalArgumentException("toleration " + item + " has unknown keys " + t.getAdditionalProperties().keySet()
                        + "; supported: effect, key, operator, tolerationSeconds, value");
            }
            out.add(t);
        }
        return out;
    }

    /**
     * This template with a pipeline's {@code scheduler_config} (a JSON object) applied: {@code image},
     * {@code image_pull_policy} and {@code service_account} replace the defaults; {@code resources}
     * ({@code {"requests": {"cpu": "2"}, "limits": {…}}}), {@code labels}, {@code annotations},
     * {@code node_selector} and {@code env} are merged over them (an empty string removes a default);
     * {@code tolerations} are added to the default ones.
     *
     * @throws IllegalArgumentException naming the bad key or value and the supported keys
     */
    public PodTemplate withOverrides(String schedulerConfig) {
        if (schedulerConfig == null || schedulerConfig.isBlank()) {
            return this;
        }
        Object parsed;
        try {
            parsed = JSON.unmarshal(schedulerConfig, Object.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("scheduler_config is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> config)) {
            throw new IllegalArgumentException("scheduler_config must be a JSON object, was " + schedulerConfig);
        }
        return withOverrides(config);
    }

    /**
     * This template with a pipeline's {@code scheduler_config} applied, as {@link #withOverrides(String)}
     * does, the JSON object given as Java values ({@code String}, {@code Number}, {@code Boolean},
     * {@code List}, {@code Map}).
     *
     * @throws IllegalArgumentException naming the bad key or value and the supported keys
     */
    public PodTemplate withOverrides(Map<?, ?> config) {
        if (config == null || config.isEmpty()) {
            return this;
        }
        Set<String> unknown = new TreeSet<>();
        config.keySet().forEach(k -> {
            if (!OVERRIDE_KEYS.contains(String.valueOf(k))) {
                unknown.add(String.valueOf(k));
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unsupported keys in scheduler_config for the kubernetes scheduler. Unsupported: "
                    + String.join(", ", unknown) + ". Supported: " + String.join(", ", OVERRIDE_KEYS));
        }
        Map<String, String> newRequests = requests;
        Map<String, String> newLimits = limits;
        Object resources = config.get("resources");
        if (resources != null) {
            Map<String, Object> r = object("resources", resources);
            for (String k : r.keySet()) {
                if (!RESOURCE_KEYS.contains(k)) {
                    throw new IllegalArgumentException("scheduler_config.resources has the unsupported key '" + k
                            + "'; supported: " + String.join(", ", RESOURCE_KEYS));
                }
            }
            newRequests = merge(requests, r.get("requests"), "resources.requests");
            newLimits = merge(limits, r.get("limits"), "resources.limits");
        }
        List<Toleration> newTolerations = tolerations;
        if (config.get("tolerations") != null) {
            newTolerations = new ArrayList<>(tolerations);
            try {
                newTolerations.addAll(tolerations(config.get("tolerations")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scheduler_config." + e.getMessage());
            }
        }
        try {
            return new PodTemplate(
                    text(config, "image", image),
                    text(config, "image_pull_policy", imagePullPolicy),
                    newRequests, newLimits,
                    merge(labels, config.get("labels"), "labels"),
                    merge(annotations, config.get("annotations"), "annotations"),
                    text(config, "service_account", serviceAccount),
                    merge(nodeSelector, config.get("node_selector"), "node_selector"),
                    newTolerations,
                    merge(env, config.get("env"), "env"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scheduler_config: " + e.getMessage(), e);
        }
    }

    private static String text(Map<?, ?> config, String key, String fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("scheduler_config." + key + " must be a string, was " + v);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String key, Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("scheduler_config." + key + " must be a JSON object, was " + value);
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, String> merge(Map<String, String> base, Object value, String key) {
        if (value == null) {
            return base;
        }
        Map<String, String> out = new LinkedHashMap<>(base);
        object(key, value).forEach((k, v) -> {
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw new IllegalArgumentException("scheduler_config." + key + "." + k + " must be a string, was " + v);
            }
            String s = String.valueOf(v);
            if (s.isEmpty()) {
                out.remove(k);
            } else {
                out.put(k, s);
            }
        });
        return out;
    }
}
