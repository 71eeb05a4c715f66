package org.wadi.scheduler.kubernetes.internal;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod of one worker: the image's entry point starts the worker launcher with the bundles named
 * in {@code WADI_WORKER_BUNDLES}, and the worker registers with the controller at
 * {@code WADI_CONTROLLER_ADDRESS} — the same {@code WADI_*} identity the process scheduler gives a
 * worker JVM. Pods never restart by themselves: a failed worker is the controller's to recover.
 */
final class WorkerPods {

    static final String APP_LABEL = "app.kubernetes.io/name";
    static final String APP = "wadi-worker";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "wadi";
    static final String JOB_LABEL = "wadi.dev/job-id";
    static final String RUN_LABEL = "wadi.dev/run-id";
    static final String WORKER_LABEL = "wadi.dev/worker-id";
    static final String CONTAINER = "worker";
    /** The environment variable that carries the bundle locations, one per line, in install order. */
    static final String BUNDLES_ENV = "WADI_WORKER_BUNDLES";

    private WorkerPods() {
    }

    /** The pod name of a worker ({@code wkr_ab12} gives {@code wadi-wkr-ab12}). */
    static String podName(String workerId) {
        return "wadi-" + Labels.dnsName(workerId);
    }

    /**
     * The pod of a worker.
     *
     * @param bundles the locations of the worker bundle set and the job's plug-ins, in install order
     */
    static Pod pod(PodTemplate t, String workerId, String jobId, long runId, String controllerAddress, int slots,
            List<String> bundles, String jvmOptions, long gracePeriodSeconds, String clusterSecret) {
        Map<String, String> labels = new LinkedHashMap<>(t.labels());
        labels.put(APP_LABEL, APP);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(JOB_LABEL, jobId);
        labels.put(RUN_LABEL, Long.toString(runId));
        labels.put(WORKER_LABEL, workerId);

        Map<String, String> plain = new LinkedHashMap<>(t.env());
        plain.put("JAVA_OPTS", jvmOptions);
        plain.put("WADI_WORKER_ID", workerId);
        plain.put("WADI_JOB_ID", jobId);
        plain.put("WADI_RUN_ID", Long.toString(runId));
        plain.put("WADI_CONTROLLER_ADDRESS", controllerAddress);
        plain.put("WADI_SLOTS", Integer.toString(slots));
        plain.put(BUNDLES_ENV, String.join("\n", bundles));
        List<EnvVar> env = new ArrayList<>();
        plain.forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        // other workers reach this one's data port at the pod's own address
        env.add(new EnvVarBuilder().withName("WADI_DATA_HOST").withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
        if (!clusterSecret.isBlank()) {
            // the proof of belonging to the cluster, from a Secret: never in the pod's spec itself
            env.add(new EnvVarBuilder().withName("WADI_CLUSTER_SECRET").withNewValueFrom().withNewSecretKeyRef()
                    .withName(clusterSecret).withKey(KubernetesSettings.CLUSTER_SECRET_KEY).endSecretKeyRef()
                    .endValueFrom().build());
        }

        return new PodBuilder()
                .withNewMetadata()
                    .withName(podName(workerId))
                    .withLabels(labels)
                    .withAnnotations(t.annotations().isEmpty() ? null : new TreeMap<>(t.annotations()))
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withServiceAccountName(t.serviceAccount().isBlank() ? null : t.serviceAccount())
                    .withNodeSelector(t.nodeSelector().isEmpty() ? null : new TreeMap<>(t.nodeSelector()))
                    .withTolerations(t.tolerations())
                    .withTerminationGracePeriodSeconds(gracePeriodSeconds)
                    .addNewContainer()
                        .withName(CONTAINER)
                        .withImage(t.image())
                        .withImagePullPolicy(t.imagePullPolicy())
                        .withEnv(env)
                        .withNewResources()
                            .withRequests(quantities(t.requests()))
                            .withLimits(quantities(t.limits()))
                        .endResources()
                    .endContainer()
                .endSpec()
                .build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        if (values.isEmpty()) {
            return null;
        }
        Map<String, Quantity> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, new Quantity(v)));
        return out;
    }
}
