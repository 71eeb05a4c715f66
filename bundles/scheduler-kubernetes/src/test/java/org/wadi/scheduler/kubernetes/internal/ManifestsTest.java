package org.wadi.scheduler.kubernetes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code deploy/kubernetes}: each file parses with fabric8, all of them apply to
 * the mock API server in a namespace, and they fit together (the server runs the kubernetes
 * scheduler under a service account whose role may create, list and delete pods; the database
 * URL names the PostgreSQL Service; the ConfigMap holds a configuration the scheduler accepts).
 */
class ManifestsTest {

    static final String NS = "wadi-manifests";
    static MockKubernetes k8s;
    static List<HasMetadata> all;

    @BeforeAll
    static void parse() throws Exception {
        k8s = new MockKubernetes();
        Path dir = Path.of(System.getProperty("manifests.dir", "../../deploy/kubernetes"));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertEquals(List.of("configmap.yaml", "postgres.yaml", "rbac.yaml", "server.yaml"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        all = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                List<HasMetadata> items = k8s.client.load(in).items();
                assertFalse(items.isEmpty(), f + " holds no resources");
                for (HasMetadata item : items) {
                    assertEquals(null, item.getMetadata().getNamespace(), f + ": " + item.getKind() + " names a namespace");
                }
                all.addAll(items);
            }
        }
    }

    @AfterAll
    static void stop() {
        k8s.close();
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = all.stream().filter(type::isInstance).map(r -> (T) r)
                .filter(r -> r.getMetadata().getName().equals(name)).toList();
        assertEquals(1, found.size(), type.getSimpleName() + " " + name);
        return found.get(0);
    }

    @Test
    void everyManifestAppliesToTheApiServer() {
        k8s.client.resourceList(all).inNamespace(NS).create();
        Map<String, Long> kinds = all.stream().collect(Collectors.groupingBy(HasMetadata::getKind, Collectors.counting()));
        assertEquals(Map.of("ServiceAccount", 1L, "Role", 1L, "RoleBinding", 1L, "ConfigMap", 1L, "Secret", 1L,
                "Service", 2L, "StatefulSet", 1L, "Deployment", 1L), kinds);
        for (HasMetadata r : all) {
            assertNotNull(k8s.client.resource(r).inNamespace(NS).get(), "stored: " + r.getKind() + " " + r.getMetadata().getName());
        }
        Deployment d = k8s.client.apps().deployments().inNamespace(NS).withName("wadi").get();
        assertEquals("wadi", d.getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    @Test
    void theServerRunsTheKubernetesSchedulerUnderARoleThatManagesPods() {
        Deployment server = one(Deployment.class, "wadi");
        var pod = server.getSpec().getTemplate().getSpec();
        ServiceAccount account = one(ServiceAccount.class, pod.getServiceAccountName());
        RoleBinding binding = one(RoleBinding.class, "wadi-scheduler");
        assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
        Role role = one(Role.class, binding.getRoleRef().getName());
        assertTrue(role.getRules().stream().anyMatch(r -> r.getResources().contains("pods")
                && r.getVerbs().containsAll(List.of("create", "delete", "list"))), role.getRules().toString());

        Map<String, EnvVar> env = pod.getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals("kubernetes", env.get("WADI_SCHEDULER").getValue());
        assertEquals("0.0.0.0", env.get("WADI_CONTROLLER_GRPC_HOST").getValue(), "workers in other pods must reach it");
        String url = env.get("WADI_DATABASE_URL").getValue();
        Service postgres = one(Service.class, "wadi-postgres");
        assertTrue(url.startsWith("jdbc:postgresql://" + postgres.getMetadata().getName() + ":5432/"), url);
        StatefulSet db = one(StatefulSet.class, "wadi-postgres");
        assertEquals(postgres.getSpec().getSelector(), db.getSpec().getTemplate().getMetadata().getLabels());
        Service service = one(Service.class, "wadi");
        assertEquals(server.getSpec().getTemplate().getMetadata().getLabels(), service.getSpec().getSelector());
        assertEquals(List.of(5115, 5116), service.getSpec().getPorts().stream().map(p -> p.getPort()).toList());
        String mounted = pod.getContainers().get(0).getVolumeMounts().get(0).getMountPath();
        assertEquals("/opt/wadi/etc/org.wadi.scheduler.kubernetes.cfg", mounted);
    }

    @Test
    void theConfigMapHoldsAConfigurationTheSchedulerAccepts() throws Exception {
        ConfigMap config = one(ConfigMap.class, "wadi-config");
        Properties p = new Properties();
        p.load(new java.io.StringReader(config.getData().get("org.wadi.scheduler.kubernetes.cfg")));
        Hashtable<String, String> env = new Hashtable<>();
        for (String key : p.stringPropertyNames()) {
            if (!p.getProperty(key).isBlank()) {
                env.put(KubernetesSettings.variable(key), p.getProperty(key));
            }
        }
        KubernetesSettings s = KubernetesSettings.from(Defaults.config(), env::get);
        assertEquals("wadi:5116", s.controllerAddress());
        Service service = one(Service.class, "wadi");
        assertTrue(s.controllerAddress().startsWith(service.getMetadata().getName() + ":"));
        Collection<String> known = java.util.Arrays.stream(KubernetesSchedulerConfig.class.getDeclaredMethods())
                .map(m -> m.getName().replace('_', '.')).toList();
        for (String key : p.stringPropertyNames()) {
            assertTrue(known.contains(key), "unknown key " + key + " in the ConfigMap");
        }
    }
}
