package org.wadi.scheduler.kubernetes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the Kubernetes scheduler, PID {@code org.wadi.scheduler.kubernetes}. Every key can
 * be overridden by the environment variable {@code WADI_<KEY>} (upper case, dots as underscores:
 * {@code kubernetes.worker.image} becomes {@code WADI_KUBERNETES_WORKER_IMAGE}). A pipeline's
 * {@code scheduler_config} overrides the pod settings for its own workers.
 */
@ObjectClassDefinition(
        name = "Wadi Kubernetes scheduler",
        description = "Runs each worker as a pod on a Kubernetes cluster.")
public @interface KubernetesSchedulerConfig {

    @AttributeDefinition(name = "API server",
            description = "URL of the Kubernetes API server. Empty: inside a pod, the cluster's own (through the pod's"
                    + " service account); elsewhere the current context of ~/.kube/config (or KUBECONFIG).")
    String kubernetes_master() default "";

    @AttributeDefinition(name = "Namespace",
            description = "Namespace of the worker pods. Empty: the server pod's own namespace (or the kubeconfig's), else 'default'.")
    String kubernetes_namespace() default "";

    @AttributeDefinition(name = "Controller address",
            description = "host:port of the controller's gRPC server as the worker pods reach it (for instance the"
                    + " server's Service, wadi:5116). Empty: the address the controller advertises.")
    String kubernetes_controller_address() default "";

    @AttributeDefinition(name = "Worker image", description = "Container image of the worker pods.")
    String kubernetes_worker_image() default KubernetesSettings.DEFAULT_IMAGE;

    @AttributeDefinition(name = "Image pull policy", description = "Always, IfNotPresent or Never.")
    String kubernetes_worker_image_pull_policy() default "IfNotPresent";

    @AttributeDefinition(name = "CPU request", description = "Kubernetes quantity (500m, 2); empty: none.")
    String kubernetes_worker_cpu_request() default "500m";

    @AttributeDefinition(name = "CPU limit", description = "Kubernetes quantity; empty: none.")
    String kubernetes_worker_cpu_limit() default "";

    @AttributeDefinition(name = "Memory request", description = "Kubernetes quantity (768Mi, 2Gi); empty: none.")
    String kubernetes_worker_memory_request() default "768Mi";

    @AttributeDefinition(name = "Memory limit", description = "Kubernetes quantity; empty: none.")
    String kubernetes_worker_memory_limit() default "768Mi";

    @AttributeDefinition(name = "Labels",
            description = "Extra labels of every worker pod: key=value pairs separated by commas.")
    String kubernetes_worker_labels() default "";

    @AttributeDefinition(name = "Annotations",
            description = "Annotations of every worker pod: key=value pairs separated by commas.")
    String kubernetes_worker_annotations() default "";

    @AttributeDefinition(name = "Service account", description = "Service account of the worker pods; empty: the namespace's default.")
    String kubernetes_worker_service_account() default "";

    @AttributeDefinition(name = "Node selector",
            description = "Node selector of the worker pods: key=value pairs separated by commas.")
    String kubernetes_worker_node_selector() default "";

    @AttributeDefinition(name = "Tolerations",
            description = "Tolerations of the worker pods, as a JSON array of Kubernetes tolerations"
                    + " ([{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"wadi\",\"effect\":\"NoSchedule\"}]); empty: none.")
    String kubernetes_worker_tolerations() default "";

    @AttributeDefinition(name = "Cluster secret",
            description = "Name of the Kubernetes Secret (in the pods' namespace) whose key 'secret' holds the cluster"
                    + " secret, given to every worker pod as WADI_CLUSTER_SECRET. Required when the controller requires"
                    + " one: it does whenever its gRPC port listens beyond loopback, as it must for pods.")
    String kubernetes_worker_cluster_secret() default "";

    @AttributeDefinition(name = "Worker JVM options",
            description = "JAVA_OPTS of the worker container, separated by spaces.")
    String kubernetes_worker_jvm_options() default "-Xmx512m -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";

    @AttributeDefinition(name = "Termination grace period (s)",
            description = "How long a worker pod asked to stop may take before it is killed (a forced stop kills at once).")
    long kubernetes_worker_stop_timeout_s() default 10;

    @AttributeDefinition(name = "Worker bundles",
            description = "Symbolic names of the bundles every worker installs, in install order, as installed in this"
                    + " server; their locations are given to the pod, which finds them in its image. Comma separated.")
    String[] kubernetes_worker_bundles() default {
        "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component", "org.apache.felix.scr",
        "com.fasterxml.jackson.core.jackson-annotations", "com.fasterxml.jackson.core.jackson-core",
        "com.fasterxml.jackson.core.jackson-databind", "wadi-spi", "wadi-rpc", "wadi-formats", "wadi-storage",
        "io.netty.common", "io.netty.buffer", "io.netty.resolver", "io.netty.transport", "io.netty.codec-base",
        "io.netty.transport-native-unix-common", "io.netty.handler",
        "wadi-worker"
    };
}
