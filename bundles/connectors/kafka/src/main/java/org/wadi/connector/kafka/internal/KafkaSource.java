package org.wadi.connector.kafka.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.formats.BadData;
import org.wadi.formats.Framing;
import org.wadi.formats.PayloadDecoder;
import org.wadi.formats.RowFormat;
import org.wadi.formats.SchemaResolver;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.types.Schema;

/**
 * One subtask of a kafka source. Partition {@code p} of the topic is read by subtask
 * {@code p % parallelism}, assigned directly (no group rebalancing, as Arroyo and Flink do); the
 * consumer group only serves {@code source.offset = 'group'} and shows progress: the offsets are
 * committed to it at each checkpoint, but the checkpoint's own copy is what a restore uses.
 *
 * <p>Where a partition starts: from the checkpoint restored (the states of all old subtasks,
 * merged, so any parallelism works); a partition that the checkpoint does not know (added since)
 * from its beginning, so nothing is lost; without a checkpoint, as {@code source.offset} says.
 *
 * <p>Each row's event time is the record's timestamp. The watermark is the subtask's (the runtime
 * has no per-split watermarks): a subtask reading several partitions at different paces holds
 * them in one watermark, so keep the watermark's delay above that skew.
 */
final class KafkaSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final long LOG_EVERY = 1000;

    private final String table;
    private final KafkaTableConfig config;
    private final KafkaClients clients;
    private final PayloadDecoder decoder;
    private final MetadataColumns metadata;
    private final PayloadDecoder.Metadata recordMetadata;
    private ConsumerRecord<byte[], byte[]> record;
    private SourceContext context;

    private KafkaConsumer<byte[], byte[]> consumer;
    private List<TopicPartition> assigned = List.of();

    /**
     * @param format the table's format, decoded by the shared formats bundle
     * @param framing {@code framing = 'newline'}, or {@code null}
     * @param registry resolves Confluent schema ids (the Schema Registry client), or {@link SchemaResolver#NONE}
     */
    KafkaSource(String table, KafkaTableConfig config, Schema columns, MetadataColumns metadata, RowFormat format,
            Framing framing, BadData badData, SchemaResolver registry) throws ConnectorException {
        this.table = table;
        this.config = config;
        this.clients = new KafkaClients(config);
        this.metadata = metadata;
        this.recordMetadata = column -> this.metadata.value(column, record);
        this.decoder = new PayloadDecoder("kafka source '" + table + "'", columns, format, framing, badData,
                this::dropped, registry, metadata.byColumn());
    }

    /** Reports a dropped record to the runtime (job errors, metrics) and logs every {@value #LOG_EVERY}th. */
    private void dropped(String where, String reason) {
        if (context != null) {
            context.badData(where, reason);
        }
        // the decoder has counted this record already
        long count = decoder.dropped();
        if ((count - 1) % LOG_EVERY == 0) {
            LOG.warn("{}: dropped {} record(s) so far that could not be decoded (bad_data = 'drop'); this one: {}", where,
                    count, reason);
        }
    }

    @Override
    public void open(SourceContext context) throws Exception {
        this.context = context;
        TaskInfo task = context.task();
        Map<Integer, Long> restored = SourceOffsets.merge(table, config.topic(), context.restoredStates());
        boolean hasState = !context.restoredStates().isEmpty();
        consumer = clients.consumer("wadi-" + task.jobId() + "-" + task.operatorId() + "-" + task.subtaskIndex(),
                groupId(task));
        Duration timeout = clients.timeout();
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(config.topic(), timeout);
        } catch (TimeoutException e) {
            throw new ConnectorException("kafka source '" + table + "': no answer from " + config.bootstrapServers()
                    + " within " + timeout.toMillis() + " ms while reading the partitions of topic '" + config.topic()
                    + "' (is the broker up and bootstrap_servers right?)", e);
        } catch (KafkaException e) {
            throw new ConnectorException("kafka source '" + table + "': cannot read the partitions of topic '"
                    + config.topic() + "' at " + config.bootstrapServers() + ": " + e.getMessage(), e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new ConnectorException("kafka source '" + table + "': topic '" + config.topic() + "' does not exist at "
                    + config.bootstrapServers());
        }
        List<TopicPartition> mine = new ArrayList<>();
        for (PartitionInfo info : infos) {
            if (info.partition() % task.parallelism() == task.subtaskIndex()) {
                mine.add(new TopicPartition(config.topic(), info.partition()));
            }
        }
        mine.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        assigned = List.copyOf(mine);
        consumer.assign(assigned);
        if (assigned.isEmpty()) {
            LOG.info("kafka source '{}' subtask {} of {}: topic '{}' has {} partitions, none for this subtask", table,
                    task.subtaskIndex(), task.parallelism(), config.topic(), infos.size());
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = !hasState && config.offset().equals("group")
                ? consumer.committed(Set.copyOf(assigned), timeout) : Map.of();
        List<TopicPartition> toBeginning = new ArrayList<>();
        List<TopicPartition> toEnd = new ArrayList<>();
        for (TopicPartition tp : assigned) {
            Long offset = restored.get(tp.partition());
            if (offset != null) {
                consumer.seek(tp, offset);
            } else if (hasState || config.offset().equals("earliest")) {
                toBeginning.add(tp);
            } else if (config.offset().equals("group") && committed.get(tp) != null) {
                consumer.seek(tp, committed.get(tp).offset());
            } else if (config.offset().equals("group")
                    && "earliest".equals(config.clientConfigs().get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG))) {
                // a group without committed offsets starts where auto.offset.reset says (latest by default)
                toBeginning.add(tp);
            } else {
                toEnd.add(tp);
            }
        }
        // an empty list would mean every assigned partition
        if (!toBeginning.isEmpty()) {
            consumer.seekToBeginning(toBeginning);
        }
        if (!toEnd.isEmpty()) {
            consumer.seekToEnd(toEnd);
        }
        // resolve the positions now: a checkpoint before the first poll must record them, not "latest"
        for (TopicPartition tp : assigned) {
            consumer.position(tp, timeout);
        }
        LOG.info("kafka source '{}' subtask {} of {} reads partitions {} of topic '{}'", table, task.subtaskIndex(),
                task.parallelism(), assigned.stream().map(TopicPartition::partition).toList(), config.topic());
    }

    private String groupId(TaskInfo task) {
        if (config.groupId() != null) {
            return config.groupId();
        }
        String base = "wadi-" + task.jobId() + "-" + task.operatorId();
        return config.groupIdPrefix() != null ? config.groupIdPrefix() + "-" + base : base + "-consumer";
    }

    @Override
    public SourceStatus poll(Collector out) throws Exception {
        if (assigned.isEmpty()) {
            return SourceStatus.IDLE;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
            return SourceStatus.IDLE;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() == null) {
                continue; // a tombstone: no row
            }
            record = r;
            decoder.decode(r.value(), Math.max(0, r.timestamp()) * 1_000_000L, recordMetadata,
                    "topic '" + r.topic() + "' partition " + r.partition() + " offset " + r.offset(), out);
        }
        return SourceStatus.ACTIVE;
    }

    @Override
    public byte[] snapshot(long epoch) {
        Map<Integer, Long> next = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (TopicPartition tp : assigned) {
            // every record a poll returned was emitted by it: the position is what the checkpoint covers
            long position = consumer.position(tp);
            next.put(tp.partition(), position);
            commit.put(tp, new OffsetAndMetadata(position));
        }
        if (!commit.isEmpty()) {
            // progress for monitoring and for source.offset = 'group'; the checkpoint's copy is what counts
            consumer.commitAsync(commit, (offsets, e) -> {
                if (e != null) {
                    LOG.debug("kafka source '{}': committing offsets to the group failed: {}", table, e.toString());
                }
            });
        }
        return SourceOffsets.encode(config.topic(), next);
    }

    @Override
    public void close() {
        if (consumer != null) {
            // a task cancelled by interruption still closes its connections: Kafka's close refuses to run interrupted
            boolean interrupted = Thread.interrupted();
            try {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
