package org.wadi.scheduler.kubernetes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesSettingsTest {

    static KubernetesSettings from(Map<String, String> env) {
        return KubernetesSettings.from(Defaults.config(), env::get);
    }

    @Test
    void defaultsFromTheConfiguration() {
        KubernetesSettings s = from(Map.of());
        assertEquals("", s.master());
        assertEquals("", s.namespace());
        assertEquals(KubernetesSettings.DEFAULT_IMAGE, s.template().image());
        assertEquals(Map.of("cpu", "500m", "memory", "768Mi"), s.template().requests());
        assertEquals(Map.of("memory", "768Mi"), s.template().limits());
        assertEquals(10, s.stopTimeoutSeconds());
        assertEquals("wadi-worker", s.workerBundles().get(s.workerBundles().size() - 1));
    }

    @Test
    void theEnvironmentOverridesEachKey() {
        KubernetesSettings s = from(Map.of("WADI_KUBERNETES_WORKER_IMAGE", "img:2",
                "WADI_KUBERNETES_WORKER_NODE_SELECTOR", "a=1,b=2",
                "WADI_KUBERNETES_WORKER_BUNDLES", "x, y",
                "WADI_KUBERNETES_WORKER_STOP_TIMEOUT_S", "3"));
        assertEquals("img:2", s.template().image());
        assertEquals(Map.of("a", "1", "b", "2"), s.template().nodeSelector());
        assertEquals(List.of("x", "y"), s.workerBundles());
        assertEquals(3, s.stopTimeoutSeconds());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertMessage(Map.of("WADI_KUBERNETES_WORKER_MEMORY_LIMIT", "much"), "resources.limits.memory 'much' is not a Kubernetes quantity");
        assertMessage(Map.of("WADI_KUBERNETES_WORKER_IMAGE_PULL_POLICY", "Sometimes"),
                "image pull policy 'Sometimes' is not one of [Always, IfNotPresent, Never]");
        assertMessage(Map.of("WADI_KUBERNETES_WORKER_LABELS", "team"), "label 'team' is not key=value");
        assertMessage(Map.of("WADI_KUBERNETES_WORKER_LABELS", "Bad Key=1"), "label key 'Bad Key' is not a valid Kubernetes label key");
        assertMessage(Map.of("WADI_KUBERNETES_WORKER_TOLERATIONS", "{\"key\": 1}"), "tolerations must be a JSON array");
        assertMessage(Map.of("WADI_KUBERNETES_WORKER_TOLERATIONS", "[{\"kee\": \"a\"}]"), "has unknown keys [kee]");
        assertMessage(Map.of("WADI_KUBERNETES_WORKER_TOLERATIONS", "[oops"), "tolerations are not valid JSON");
        assertMessage(Map.of("WADI_KUBERNETES_CONTROLLER_ADDRESS", "wadi"), "kubernetes.controller.address 'wadi' is not host:port");
        assertMessage(Map.of("WADI_KUBERNETES_WORKER_STOP_TIMEOUT_S", "soon"), "kubernetes.worker.stop.timeout.s must be a whole number");
    }

    @Test
    void theShippedCfgFileHoldsKnownKeysWithValidDefaults() throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("src/main/cfg/org.wadi.scheduler.kubernetes.cfg"))) {
            p.load(in);
        }
        java.util.Set<String> known = java.util.Arrays.stream(KubernetesSchedulerConfig.class.getDeclaredMethods())
                .map(m -> m.getName().replace('_', '.')).collect(java.util.stream.Collectors.toSet());
        java.util.Map<String, String> env = new java.util.HashMap<>();
        java.util.regex.Pattern placeholder = java.util.regex.Pattern.compile("\\$\\{env:(WADI_[A-Z_]+):-(.*)}");
        for (String key : p.stringPropertyNames()) {
            assertTrue(known.contains(key), "unknown key " + key);
            var m = placeholder.matcher(p.getProperty(key));
            assertTrue(m.matches(), key + " = " + p.getProperty(key));
            assertEquals(KubernetesSettings.variable(key), m.group(1), "the placeholder of " + key);
            if (!m.group(2).isEmpty()) {
                env.put(m.group(1), m.group(2));
            }
        }
        KubernetesSettings s = from(env);
        assertEquals(from(Map.of()), s, "the file's defaults are the component's");
    }

    static void assertMessage(Map<String, String> env, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> from(env));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("Kubernetes scheduler configuration (etc/org.wadi.scheduler.kubernetes.cfg)"),
                e.getMessage());
    }
}
