package org.wadi.connector.kafka.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Makes the Kafka clients of a table. The one place that knows how Kafka's client library finds
 * its classes in OSGi: it loads configured classes (SASL login modules through JAAS, config
 * providers, partitioners) with the thread's context class loader, and its I/O threads inherit the
 * context class loader of the thread that creates the client. Clients are therefore created with
 * this bundle's class loader as the context class loader (which sees the embedded client, its
 * compression codecs and their native libraries), and serializers are passed as instances.
 */
final class KafkaClients {

    /** How long opening a source or sink waits for the cluster before it fails, unless client_configs says. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long a transaction may stay open before the broker aborts it, unless client_configs says:
     * the broker's default ceiling ({@code transaction.max.timeout.ms}, 15 minutes). A job that is
     * down longer than this between a checkpoint and its commit loses that checkpoint's rows.
     */
    static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "900000";

    private final KafkaTableConfig config;

    KafkaClients(KafkaTableConfig config) {
        this.config = config;
    }

    /** Settings every client of the table shares: servers, authentication, then client_configs. */
    Map<String, Object> common(String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        if (config.auth().equals("sasl")) {
            p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, config.saslProtocol());
            p.put(SaslConfigs.SASL_MECHANISM, config.saslMechanism());
            String module = config.saslMechanism().equals("PLAIN")
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaasEscape(config.username())
                    + "\" password=\"" + jaasEscape(config.password()) + "\";");
        }
        p.putAll(config.clientConfigs());
        return p;
    }

    /** How long to wait for the cluster when opening: {@code default.api.timeout.ms} if given. */
    Duration timeout() {
        String v = config.clientConfigs().get(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG);
        try {
            return v == null ? DEFAULT_TIMEOUT : Duration.ofMillis(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return DEFAULT_TIMEOUT;
        }
    }

    /** A consumer of the table's topic: no auto-commit, the table's read mode and group. */
    KafkaConsumer<byte[], byte[]> consumer(String clientId, String groupId) {
        Map<String, Object> p = common(clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, config.readCommitted() ? "read_committed" : "read_uncommitted");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout().toMillis());
        return withBundleLoader(() -> new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    /** A producer; transactional when {@code transactionalId} is not null. */
    KafkaProducer<byte[], byte[]> producer(String clientId, String transactionalId) {
        Map<String, Object> p = common(clientId);
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout().toMillis());
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, DEFAULT_TRANSACTION_TIMEOUT_MS);
        }
        return withBundleLoader(() -> new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** An admin client (connection tests). */
    Admin admin(String clientId) {
        Map<String, Object> p = common(clientId);
        p.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout().toMillis());
        p.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout().toMillis());
        return withBundleLoader(() -> Admin.create(p));
    }

    /** Runs {@code action} with this bundle's class loader as the thread's context class loader. */
    static <T> T withBundleLoader(Supplier<T> action) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(KafkaClients.class.getClassLoader());
        try {
            return action.get();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
