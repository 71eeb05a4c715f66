package org.wadi.connector.kafka.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker (KRaft, one combined controller and broker) inside the test JVM, started once
 * per test class, with helpers to create topics, produce and read records.
 */
final class TestBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private TestBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    static TestBroker start() throws Exception {
        return start(SecurityProtocol.PLAINTEXT);
    }

    /**
     * A broker whose clients authenticate: with {@code SASL_PLAINTEXT}, PLAIN users
     * {@code plain-user1} / {@code plain-user1-secret} and {@code plain-admin} / {@code plain-admin-secret}.
     */
    static TestBroker start(SecurityProtocol protocol) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBrokerSecurityProtocol(protocol).build());
        if (protocol != SecurityProtocol.PLAINTEXT) {
            // the test kit then turns on an authorizer: the controller's own plaintext listener must stay
            // trusted, and the PLAIN users may do anything (no ACLs are the point here)
            builder.setConfigProp("super.users", "User:plain-admin;User:ANONYMOUS")
                    .setConfigProp("allow.everyone.if.no.acl.found", "true");
        }
        KafkaClusterTestKit cluster = builder
                // one broker: the internal topics must fit on it, or consumers and transactions never start
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new TestBroker(cluster);
    }

    String bootstrap() {
        return cluster.bootstrapServers();
    }

    Admin admin() {
        return admin;
    }

    /** Creates a topic with a unique name. */
    String topic(String base, int partitions) throws Exception {
        String name = base + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        return name;
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p);
    }

    /** Writes values to a partition, with optional keys and timestamps (ms, or null for now). */
    void produce(String topic, int partition, List<String> values) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (String v : values) {
                p.send(new ProducerRecord<>(topic, partition, null, v.getBytes())).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Reads every record of a topic (all partitions, from the beginning) up to its end offsets.
     *
     * @param readCommitted whether to read as {@code read_committed}: only committed transactions
     */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean readCommitted) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            // read_committed end offsets are the last stable offsets: up to the first open transaction
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!reached(consumer, end, Set.copyOf(parts))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("did not reach the end offsets " + end + " of " + topic);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            return out;
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end,
            Set<TopicPartition> parts) {
        for (TopicPartition tp : parts) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    /** The values of {@link #readAll} as strings. */
    List<String> values(String topic, boolean readCommitted) {
        return readAll(topic, readCommitted).stream().map(r -> new String(r.value())).toList();
    }

    @Override
    public void close() throws Exception {
        admin.close();
        cluster.close();
    }
}
