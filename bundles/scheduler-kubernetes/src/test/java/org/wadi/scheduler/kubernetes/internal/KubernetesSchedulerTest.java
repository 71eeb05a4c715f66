package org.wadi.scheduler.kubernetes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.net.ServerSocket;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.spi.scheduler.SchedulerException;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;

/** The scheduler against fabric8's mock Kubernetes API server, which stores the pods it is sent. */
class KubernetesSchedulerTest {

    static final String NS = "wadi-test";
    static final Map<String, String> INSTALLED = Map.of(
            "wadi-spi", "mvn:org.wadi/wadi-spi/0.1.0",
            "wadi-worker", "mvn:org.wadi/wadi-worker/0.1.0");

    MockKubernetes k8s;
    KubernetesScheduler scheduler;

    @BeforeEach
    void start() {
        k8s = new MockKubernetes();
        scheduler = scheduler(Map.of(
                "WADI_KUBERNETES_WORKER_IMAGE", "registry.example/wadi:1.2",
                "WADI_KUBERNETES_WORKER_LABELS", "team=data, tier=stream",
                "WADI_KUBERNETES_WORKER_ANNOTATIONS", "prometheus.io/scrape=true",
                "WADI_KUBERNETES_WORKER_SERVICE_ACCOUNT", "wadi-worker",
                "WADI_KUBERNETES_WORKER_NODE_SELECTOR", "pool=stream",
                "WADI_KUBERNETES_WORKER_TOLERATIONS",
                "[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"wadi\",\"effect\":\"NoSchedule\"}]",
                "WADI_KUBERNETES_WORKER_CPU_LIMIT", "2"));
    }

    KubernetesScheduler scheduler(Map<String, String> env) {
        KubernetesSettings settings = k8s.settings(NS, List.of("wadi-spi", "wadi-worker"), Defaults.config(), env);
        return new KubernetesScheduler(settings, null, name -> Optional.ofNullable(INSTALLED.get(name)));
    }

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        k8s.close();
    }

    static WorkerRequest request(String job, long run, int workers, Map<String, String> env) {
        return new WorkerRequest(job, run, "wadi:5116", workers, 4,
                List.of(new PluginBundle("wadi-connector-kafka", "0.1.0", "mvn:org.wadi/wadi-connector-kafka/0.1.0")),
                env);
    }

    /** A request carrying a pipeline's scheduler_config, given as JSON text and read as the controller reads it. */
    static WorkerRequest request(String job, long run, int workers, String schedulerConfig) {
        @SuppressWarnings("unchecked")
        Map<String, Object> config = new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                .unmarshal(schedulerConfig, Map.class);
        return new WorkerRequest(job, run, "wadi:5116", workers, 4,
                List.of(new PluginBundle("wadi-connector-kafka", "0.1.0", "mvn:org.wadi/wadi-connector-kafka/0.1.0")),
                Map.of(), List.of(), config);
    }

    List<Pod> pods(String job) {
        return k8s.client.pods().inNamespace(NS).withLabel(WorkerPods.JOB_LABEL, job).list().getItems().stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    static Map<String, String> env(Pod pod) {
        return pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void onePodPerWorkerWithTheConfiguredSpecAndTheWorkersIdentity() throws Exception {
        scheduler.startWorkers(request("job_a1", 3, 2, Map.of()));
        List<Pod> pods = pods("job_a1");
        assertEquals(2, pods.size());
        Set<String> workerIds = pods.stream().map(p -> p.getMetadata().getLabels().get(WorkerPods.WORKER_LABEL))
                .collect(Collectors.toSet());
        assertEquals(2, workerIds.size(), "each pod its own worker id");
        for (Pod pod : pods) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            String worker = labels.get(WorkerPods.WORKER_LABEL);
            assertTrue(worker.startsWith("wkr_"), worker);
            assertEquals(WorkerPods.podName(worker), pod.getMetadata().getName());
            assertEquals("3", labels.get(WorkerPods.RUN_LABEL));
            assertEquals("data", labels.get("team"));
            assertEquals("stream", labels.get("tier"));
            assertEquals("wadi", labels.get(WorkerPods.MANAGED_BY_LABEL));
            assertEquals(Map.of("prometheus.io/scrape", "true"), pod.getMetadata().getAnnotations());
            assertEquals("Never", pod.getSpec().getRestartPolicy());
            assertEquals("wadi-worker", pod.getSpec().getServiceAccountName());
            assertEquals(Map.of("pool", "stream"), pod.getSpec().getNodeSelector());
            assertEquals("dedicated", pod.getSpec().getTolerations().get(0).getKey());
            assertEquals("NoSchedule", pod.getSpec().getTolerations().get(0).getEffect());
            Container c = pod.getSpec().getContainers().get(0);
            assertEquals("registry.example/wadi:1.2", c.getImage());
            assertEquals("IfNotPresent", c.getImagePullPolicy());
            assertEquals(new Quantity("500m"), c.getResources().getRequests().get("cpu"));
            assertEquals(new Quantity("768Mi"), c.getResources().getRequests().get("memory"));
            assertEquals(new Quantity("2"), c.getResources().getLimits().get("cpu"));
            Map<String, String> env = env(pod);
            assertEquals(worker, env.get("WADI_WORKER_ID"));
            assertEquals("job_a1", env.get("WADI_JOB_ID"));
            assertEquals("3", env.get("WADI_RUN_ID"));
            assertEquals("wadi:5116", env.get("WADI_CONTROLLER_ADDRESS"));
            assertEquals("4", env.get("WADI_SLOTS"));
            assertEquals("mvn:org.wadi/wadi-spi/0.1.0\nmvn:org.wadi/wadi-worker/0.1.0\nmvn:org.wadi/wadi-connector-kafka/0.1.0",
                    env.get(WorkerPods.BUNDLES_ENV));
            EnvVar dataHost = c.getEnv().stream().filter(e -> e.getName().equals("WADI_DATA_HOST")).findFirst().orElseThrow();
            assertEquals("status.podIP", dataHost.getValueFrom().getFieldRef().getFieldPath());
        }
    }

    @Test
    void theControllerAddressCanBeSetForPods() throws Exception {
        scheduler.close();
        scheduler = scheduler(Map.of("WADI_KUBERNETES_CONTROLLER_ADDRESS", "wadi.streams.svc:5116"));
        scheduler.startWorkers(request("job_addr", 1, 1, Map.of()));
        assertEquals("wadi.streams.svc:5116", env(pods("job_addr").get(0)).get("WADI_CONTROLLER_ADDRESS"));
    }

    @Test
    void aPipelinesSchedulerConfigOverridesThePodSettings() throws Exception {
        String config = """
                {"image": "registry.example/wadi-gpu:1.2", "image_pull_policy": "Always",
                 "resources": {"requests": {"cpu": "2", "memory": "4Gi"}, "limits": {"memory": "4Gi", "cpu": ""}},
                 "labels": {"tier": "batch", "pipeline": "nexmark"}, "annotations": {"owner": "ana"},
                 "service_account": "special", "node_selector": {"pool": "gpu"},
                 "tolerations": [{"key": "gpu", "operator": "Exists", "effect": "NoExecute"}],
                 "env": {"TZ": "UTC"}}
                """;
        scheduler.startWorkers(request("job_ov", 1, 1, config));
        Pod pod = pods("job_ov").get(0);
        Container c = pod.getSpec().getContainers().get(0);
        assertEquals("registry.example/wadi-gpu:1.2", c.getImage());
        assertEquals("Always", c.getImagePullPolicy());
        assertEquals(new Quantity("2"), c.getResources().getRequests().get("cpu"));
        assertEquals(new Quantity("4Gi"), c.getResources().getLimits().get("memory"));
        assertNull(c.getResources().getLimits().get("cpu"), "an empty value removes the default");
        assertEquals("batch", pod.getMetadata().getLabels().get("tier"));
        assertEquals("data", pod.getMetadata().getLabels().get("team"));
        assertEquals("nexmark", pod.getMetadata().getLabels().get("pipeline"));
        assertEquals("ana", pod.getMetadata().getAnnotations().get("owner"));
        assertEquals("true", pod.getMetadata().getAnnotations().get("prometheus.io/scrape"));
        assertEquals("special", pod.getSpec().getServiceAccountName());
        assertEquals(Map.of("pool", "gpu"), pod.getSpec().getNodeSelector());
        assertEquals(List.of("dedicated", "gpu"), pod.getSpec().getTolerations().stream().map(t -> t.getKey()).toList());
        Map<String, String> env = env(pod);
        assertEquals("UTC", env.get("TZ"));
        assertFalse(env.containsKey("WADI_SCHEDULER_CONFIG"), "the config no longer travels in the environment");
    }

    @Test
    void theSchedulerConfigIsCheckedBeforeThePipelineIsCreated() {
        assertEquals(PodTemplate.OVERRIDE_KEYS, scheduler.schedulerConfigKeys());
        scheduler.checkSchedulerConfig(Map.of("image", "registry.example/wadi-gpu:1.2",
                "resources", Map.of("requests", Map.of("cpu", "2"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scheduler.checkSchedulerConfig(Map.of("resources", Map.of("requests", Map.of("cpu", "lots")))));
        assertTrue(e.getMessage().contains("resources.requests.cpu 'lots' is not a Kubernetes quantity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> scheduler.checkSchedulerConfig(Map.of("image_pull_policy", "Sometimes")));
        assertTrue(e.getMessage().contains("Sometimes") && e.getMessage().contains("Always"), e.getMessage());
        assertTrue(k8s.client.pods().inNamespace(NS).list().getItems().isEmpty(), "checking creates nothing");
    }

    @Test
    void aBadSchedulerConfigIsRefusedNamingTheKeyAndTheSupportedOnes() {
        SchedulerException e = assertThrows(SchedulerException.class, () -> scheduler.startWorkers(
                request("job_bad", 1, 1, "{\"imag\": \"x\"}")));
        assertTrue(e.getMessage().contains("job_bad"), e.getMessage());
        assertTrue(e.getMessage().contains("Unsupported: imag"), e.getMessage());
        assertTrue(e.getMessage().contains("Supported: annotations, env, image, image_pull_policy"), e.getMessage());

        e = assertThrows(SchedulerException.class, () -> scheduler.startWorkers(request("job_bad", 1, 1,
                "{\"resources\": {\"requests\": {\"cpu\": \"lots\"}}}")));
        assertTrue(e.getMessage().contains("resources.requests.cpu 'lots' is not a Kubernetes quantity"), e.getMessage());

        e = assertThrows(SchedulerException.class, () -> scheduler.startWorkers(request("job_bad", 1, 1,
                "{\"labels\": {\"tier\": \"no spaces\"}}")));
        assertTrue(e.getMessage().contains("label tier has the value 'no spaces'"), e.getMessage());
        assertTrue(pods("job_bad").isEmpty(), "nothing created");
    }

    @Test
    void theClusterSecretReachesThePodsFromAKubernetesSecret() throws Exception {
        scheduler.close();
        scheduler = scheduler(Map.of("WADI_KUBERNETES_WORKER_CLUSTER_SECRET", "wadi-cluster"));
        scheduler.startWorkers(request("job_sec", 1, 1, Map.of()));
        Container c = pods("job_sec").get(0).getSpec().getContainers().get(0);
        var secret = c.getEnv().stream().filter(e -> e.getName().equals("WADI_CLUSTER_SECRET")).findFirst().orElseThrow();
        assertEquals(null, secret.getValue(), "the secret itself is not in the pod's spec");
        assertEquals("wadi-cluster", secret.getValueFrom().getSecretKeyRef().getName());
        assertEquals(KubernetesSettings.CLUSTER_SECRET_KEY, secret.getValueFrom().getSecretKeyRef().getKey());

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> scheduler(Map.of("WADI_KUBERNETES_WORKER_CLUSTER_SECRET", "Not A Name")));
        assertTrue(bad.getMessage().contains("kubernetes.worker.cluster.secret 'Not A Name'"), bad.getMessage());
    }

    @Test
    void theClusterSecretIsRequiredWhenTheControllerHasOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data)
            throws Exception {
        assertFalse(KubernetesScheduler.clusterSecretRequired(Map.<String, String>of()::get, data.toString()));
        assertTrue(KubernetesScheduler.clusterSecretRequired(Map.of("WADI_CLUSTER_SECRET", "s")::get, null));
        java.nio.file.Files.writeString(data.resolve("cluster.secret"), "generated-by-the-server-0123456789");
        assertTrue(KubernetesScheduler.clusterSecretRequired(Map.<String, String>of()::get, data.toString()));
    }

    @Test
    void aMissingWorkerBundleIsNamed() {
        scheduler.close();
        KubernetesSettings settings = k8s.settings(NS, List.of("wadi-spi", "wadi-storage"), Defaults.config(), Map.of());
        scheduler = new KubernetesScheduler(settings, null, name -> Optional.ofNullable(INSTALLED.get(name)));
        SchedulerException e = assertThrows(SchedulerException.class,
                () -> scheduler.startWorkers(request("job_nb", 1, 1, Map.of())));
        assertTrue(e.getMessage().contains("worker bundle 'wadi-storage' is not installed"), e.getMessage());
    }

    @Test
    void workersAreReadFromThePodsStatus() throws Exception {
        scheduler.startWorkers(request("job_st", 1, 3, Map.of()));
        List<Pod> pods = pods("job_st");
        setPhase(pods.get(0), "Running", "node-1");
        setPhase(pods.get(1), "Failed", "node-2");
        Map<String, WorkerHandle> handles = scheduler.workers("job_st").stream()
                .collect(Collectors.toMap(WorkerHandle::workerId, h -> h));
        assertEquals(3, handles.size());
        WorkerHandle running = handles.get(pods.get(0).getMetadata().getLabels().get(WorkerPods.WORKER_LABEL));
        assertTrue(running.alive());
        assertEquals(1, running.runId());
        assertEquals("pod " + pods.get(0).getMetadata().getName() + " on node-1, Running", running.description());
        WorkerHandle failed = handles.get(pods.get(1).getMetadata().getLabels().get(WorkerPods.WORKER_LABEL));
        assertFalse(failed.alive());
        assertTrue(failed.description().contains("Failed"), failed.description());
        assertTrue(handles.get(pods.get(2).getMetadata().getLabels().get(WorkerPods.WORKER_LABEL)).alive(),
                "a pod not yet scheduled is pending, alive");
        assertTrue(scheduler.workers("job_other").isEmpty());
    }

    void setPhase(Pod pod, String phase, String node) {
        k8s.client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).edit(p -> {
            p.getSpec().setNodeName(node);
            p.setStatus(new PodStatusBuilder().withPhase(phase).build());
            return p;
        });
    }

    @Test
    void stopWorkersDeletesTheRunsPodsOrAllOfTheJobs() throws Exception {
        scheduler.startWorkers(request("job_s", 1, 2, Map.of()));
        scheduler.startWorkers(request("job_keep", 1, 1, Map.of()));
        assertEquals(2, pods("job_s").size());

        scheduler.stopWorkers("job_s", 5, false);
        assertEquals(2, pods("job_s").size(), "another run's stop leaves them");
        scheduler.stopWorkers("job_s", 1, false);
        assertTrue(pods("job_s").isEmpty());

        scheduler.startWorkers(request("job_s", 2, 3, Map.of()));
        assertEquals(3, pods("job_s").size());
        scheduler.stopWorkers("job_s", -1, true);
        assertTrue(pods("job_s").isEmpty());
        assertTrue(scheduler.workers("job_s").isEmpty());
        assertEquals(1, pods("job_keep").size(), "another job's pods stay");
    }

    @Test
    void aNewRunDeletesPodsLeftFromEarlierRuns() throws Exception {
        scheduler.startWorkers(request("job_r", 1, 2, Map.of()));
        scheduler.startWorkers(request("job_other", 1, 1, Map.of()));
        scheduler.startWorkers(request("job_r", 2, 1, Map.of()));
        assertEquals(List.of("2"), pods("job_r").stream()
                .map(p -> p.getMetadata().getLabels().get(WorkerPods.RUN_LABEL)).toList());
        assertEquals(1, pods("job_other").size());
    }

    @Test
    void anUnreachableApiServerFailsTheStartWithItsAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        scheduler.close();
        KubernetesSettings settings = KubernetesSettings.from(Defaults.config(), Map.of(
                "WADI_KUBERNETES_MASTER", "http://127.0.0.1:" + port,
                "WADI_KUBERNETES_NAMESPACE", NS,
                "WADI_KUBERNETES_WORKER_BUNDLES", "wadi-spi")::get);
        scheduler = new KubernetesScheduler(settings, null, name -> Optional.ofNullable(INSTALLED.get(name)));
        SchedulerException e = assertThrows(SchedulerException.class,
                () -> scheduler.startWorkers(request("job_down", 1, 1, Map.of())));
        assertTrue(e.getMessage().contains("cannot create worker pod") && e.getMessage().contains("127.0.0.1:" + port),
                e.getMessage());
        assertTrue(scheduler.workers("job_down").isEmpty(), "unknown, not dead");
    }
}
