package org.wadi.scheduler.kubernetes.internal;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** fabric8's Kubernetes mock API server in CRUD mode (it stores what it is sent), on a free loopback port. */
final class MockKubernetes implements AutoCloseable {

    final KubernetesMockServer server;
    final NamespacedKubernetesClient client;

    MockKubernetes() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient(new JdkHttpClientFactory());
    }

    /** The API server's URL. */
    String url() {
        return client.getMasterUrl().toString();
    }

    /** Settings for tests: the mock server, namespace {@code ns}, the given worker bundle set. */
    KubernetesSettings settings(String ns, List<String> workerBundles, KubernetesSchedulerConfig config,
            Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("WADI_KUBERNETES_MASTER", url());
        all.put("WADI_KUBERNETES_NAMESPACE", ns);
        all.put("WADI_KUBERNETES_WORKER_BUNDLES", String.join(",", workerBundles));
        return KubernetesSettings.from(config, all::get);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
