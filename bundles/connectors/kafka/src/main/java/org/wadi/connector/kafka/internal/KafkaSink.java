package org.wadi.connector.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.ProducerIdAndEpoch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.formats.AvroSchemas;
import org.wadi.formats.RowFormat;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * One subtask of a kafka sink.
 *
 * <p><b>At least once</b> ({@code sink.commit_mode = 'at_least_once'}, the default): rows are sent
 * as they come, and every send is confirmed at each checkpoint ({@link #preCommit} flushes and
 * fails on the first error), so a checkpoint covers only rows Kafka has acknowledged.
 *
 * <p><b>Exactly once</b> ({@code exactly_once}): Flink's KafkaSink design. Rows go into a Kafka
 * transaction of a transactional producer; {@link #preCommit} flushes it and returns its
 * transactional id, producer id and epoch without committing, and opens the next transaction with a
 * new producer; {@link #commit}, once the checkpoint is recorded, commits it, so read_committed
 * consumers see each checkpoint's rows exactly when it completes. Transactional ids are
 * {@code <prefix>-<subtask>-<index>}, the index counting the subtask's transactions; the state
 * carries the prefix and the index, so a restored subtask resumes the same sequence: its first
 * producer, initialised with the id the failed run was writing under, fences that run's producer and
 * aborts its unfinished transaction, and the few ids after it are fenced at once (a run that failed
 * after a checkpoint that was never recorded had opened them). On restore the pre-committed
 * transaction of the checkpoint is committed by a producer that resumes it ({@link TransactionResume});
 * one already committed or aborted is reported and skipped, so a re-commit is harmless.
 *
 * <p>Why not simpler: a Kafka transaction can only be committed by a producer holding its producer
 * id and epoch; a new producer with the same transactional id aborts it instead. So either the
 * commit resumes it (this), or the rows are held back (in the checkpoint) until the commit and only
 * then written in a transaction, which costs a second copy of every row in the checkpoint and
 * delays output by a whole checkpoint interval. Resuming keeps the rows in Kafka only.
 *
 * <p>Keys: the value of {@code sink.key_field} (as UTF-8 text, or BYTEA as is); timestamps: the
 * value of {@code sink.timestamp_field} (TIMESTAMP, or BIGINT milliseconds), else the producer's
 * clock.
 */
final class KafkaSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    /** How many transactional ids after the restored one are fenced on restore. */
    static final int FENCE_AHEAD = 2;

    private final String table;
    private final KafkaTableConfig config;
    private final Schema schema;
    private final RowFormat format;
    private final KafkaClients clients;
    private final int keyColumn;
    private final int timestampColumn;
    private final boolean timestampIsNanos;
    private final AtomicReference<Exception> sendError = new AtomicReference<>();
    private final Callback callback = (metadata, e) -> {
        if (e != null) {
            sendError.compareAndSet(null, e);
        }
    };
    private final ValueEncoder.Values send = this::send;

    private ValueEncoder encoder;
    private String clientId;
    private int subtask;
    private KafkaProducer<byte[], byte[]> producer;
    /** Exactly once: the ids' prefix, the index of the open transaction, whether it has rows. */
    private String prefix;
    private long openIndex;
    private boolean dirty;
    /** Exactly once: pre-committed transactions waiting for their commit, by transactional id. */
    private final Map<String, KafkaProducer<byte[], byte[]>> pending = new LinkedHashMap<>();
    /** Exactly once: transactions committed by {@link #finish} before their checkpoint's commit came. */
    private final Set<String> committedEarly = new HashSet<>();

    KafkaSink(String table, KafkaTableConfig config, Schema schema, RowFormat format) throws ConnectorException {
        if (format.protobuf() != null) {
            throw new ConnectorException("kafka table '" + table + "' is a sink with format = 'protobuf', which can only "
                    + "be read (as in Arroyo); write with one of json, debezium_json, avro, raw_string, raw_bytes");
        }
        format.checkColumns("kafka table '" + table + "'", schema);
        this.table = table;
        this.config = config;
        this.schema = schema;
        this.format = format;
        this.clients = new KafkaClients(config);
        this.keyColumn = column(config.keyField(), KafkaTableConfig.SINK_KEY_FIELD);
        this.timestampColumn = column(config.timestampField(), KafkaTableConfig.SINK_TIMESTAMP_FIELD);
        if (timestampColumn >= 0) {
            TypeId t = schema.field(timestampColumn).type().id();
            if (t != TypeId.TIMESTAMP && t != TypeId.INT64) {
                throw new ConnectorException("Option '" + KafkaTableConfig.SINK_TIMESTAMP_FIELD + "' of kafka table '"
                        + table + "' names column '" + config.timestampField() + "' of type "
                        + schema.field(timestampColumn).type() + "; it must be a TIMESTAMP or a BIGINT of milliseconds");
            }
            this.timestampIsNanos = t == TypeId.TIMESTAMP;
        } else {
            this.timestampIsNanos = false;
        }
    }

    private int column(String name, String option) throws ConnectorException {
        if (name == null) {
            return -1;
        }
        int i = schema.indexOf(name);
        if (i < 0) {
            throw new ConnectorException("Option '" + option + "' of kafka table '" + table + "' names column '" + name
                    + "', which the table does not have; its columns: "
                    + String.join(", ", schema.visible().fields().stream().map(f -> f.name()).toList()));
        }
        return i;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws Exception {
        if (context.updating() && !format.debezium()) {
            throw new ConnectorException("kafka table '" + table + "' receives updating results; write them with "
                    + "format = 'debezium_json'");
        }
        int schemaId = -1;
        if (format.confluentSchemaRegistry()) {
            if (config.registry() == null) {
                throw new ConnectorException("kafka table '" + table + "': " + format.name()
                        + ".confluent_schema_registry = true needs schema_registry.endpoint to register the table's schema");
            }
            boolean avro = format.avro() != null;
            schemaId = new SchemaRegistryClient(config.registry()).register(config.subject(), avro ? "AVRO" : "JSON",
                    avro ? AvroSchemas.of(schema) : JsonSchemas.of(schema.visible()));
        }
        encoder = new ValueEncoder(schema, format, context.updating(), schemaId);
        TaskInfo task = context.task();
        subtask = task.subtaskIndex();
        clientId = "wadi-" + task.jobId() + "-" + task.operatorId() + "-" + subtask;
        if (!config.exactlyOnce()) {
            producer = clients.producer(clientId, null);
            return;
        }
        prefix = "wadi-" + task.jobId() + "-" + task.operatorId();
        openIndex = 0;
        if (restoredState != null) {
            SinkState state = SinkState.fromBytes(table, restoredState);
            prefix = state.prefix();
            openIndex = state.openIndex();
            if (state.transactionalId() != null) {
                commitRecovered(state);
            }
            for (long i = openIndex + 1; i <= openIndex + FENCE_AHEAD; i++) {
                fence(transactionalId(i));
            }
        }
        producer = beginTransaction(openIndex);
    }

    private String transactionalId(long index) {
        return prefix + "-" + subtask + "-" + index;
    }

    /** A transactional producer with the id of {@code index}, initialised (fencing any earlier one) and in a transaction. */
    private KafkaProducer<byte[], byte[]> beginTransaction(long index) throws ConnectorException {
        String id = transactionalId(index);
        KafkaProducer<byte[], byte[]> p = clients.producer(clientId + "-" + index, id);
        try {
            p.initTransactions();
            p.beginTransaction();
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw failure("cannot start transaction '" + id + "'", e);
        }
        dirty = false;
        return p;
    }

    /** Initialises and closes a producer with this id: the broker aborts whatever transaction it had open. */
    private void fence(String id) throws ConnectorException {
        try (KafkaProducer<byte[], byte[]> p = clients.producer(clientId + "-fence", id)) {
            p.initTransactions();
        } catch (RuntimeException e) {
            throw failure("cannot fence the transactions of an earlier run (transactional id '" + id + "')", e);
        }
    }

    /** Commits a pre-committed transaction of a checkpoint restored from, as its producer id and epoch. */
    private void commitRecovered(SinkState state) throws ConnectorException {
        String id = state.transactionalId();
        try (KafkaProducer<byte[], byte[]> p = clients.producer(clientId + "-recover", id)) {
            // connecting first makes the producer learn the cluster's transaction protocol version
            p.partitionsFor(config.topic());
            TransactionResume.resume(p, state.producerId(), state.epoch());
            p.commitTransaction();
            LOG.info("kafka sink '{}': committed transaction '{}' of the checkpoint restored from", table, id);
        } catch (ProducerFencedException | InvalidProducerEpochException | InvalidTxnStateException e) {
            // committed before the failure (a commit is repeated after a restore), or aborted after
            // transaction.timeout.ms: Kafka no longer has it open either way
            LOG.info("kafka sink '{}': transaction '{}' of the checkpoint restored from is no longer open ({}); it was"
                    + " committed before, or aborted by the broker if the job was down longer than "
                    + "transaction.timeout.ms", table, id, e.toString());
        } catch (RuntimeException e) {
            throw failure("cannot commit transaction '" + id + "' of the checkpoint restored from", e);
        }
    }

    @Override
    public void write(Object[] row) throws Exception {
        encoder.encode(row, send);
    }

    private void send(byte[] value, Object[] row) throws ConnectorException {
        Exception e = sendError.get();
        if (e != null) {
            throw failure("writing failed", e);
        }
        byte[] key = null;
        if (keyColumn >= 0 && row[keyColumn] != null) {
            Object k = row[keyColumn];
            key = k instanceof byte[] b ? b : k.toString().getBytes(StandardCharsets.UTF_8);
        }
        Long timestamp = null;
        if (timestampColumn >= 0 && row[timestampColumn] instanceof Long t) {
            timestamp = timestampIsNanos ? Math.floorDiv(t, 1_000_000L) : t;
        }
        try {
            producer.send(new ProducerRecord<>(config.topic(), null, timestamp, key, value), callback);
        } catch (KafkaException e2) {
            throw failure("writing failed", e2);
        }
        dirty = true;
    }

    /** Sends what is buffered and waits for every acknowledgement, failing on the first error. */
    private void flush() throws Exception {
        encoder.flush(send);
        producer.flush();
        Exception e = sendError.get();
        if (e != null) {
            throw failure("writing failed", e);
        }
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        flush();
        if (!config.exactlyOnce()) {
            return null;
        }
        if (!dirty) {
            // nothing written since the last checkpoint: the open transaction goes on
            return new SinkState(prefix, null, -1, (short) -1, openIndex).toBytes();
        }
        ProducerIdAndEpoch ids = TransactionResume.current(producer);
        String id = transactionalId(openIndex);
        pending.put(id, producer);
        producer = null;
        openIndex++;
        producer = beginTransaction(openIndex);
        return new SinkState(prefix, id, ids.producerId, ids.epoch, openIndex).toBytes();
    }

    @Override
    public void commit(long epoch, byte[] preCommitted) throws Exception {
        if (preCommitted == null) {
            return;
        }
        SinkState state = SinkState.fromBytes(table, preCommitted);
        if (state.transactionalId() == null) {
            return;
        }
        KafkaProducer<byte[], byte[]> p = pending.remove(state.transactionalId());
        if (p == null) {
            if (!committedEarly.remove(state.transactionalId())) {
                commitRecovered(state);
            }
            return;
        }
        try {
            p.commitTransaction();
        } catch (RuntimeException e) {
            throw failure("cannot commit transaction '" + state.transactionalId() + "' of checkpoint " + epoch, e);
        } finally {
            p.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void finish() throws Exception {
        flush();
        if (config.exactlyOnce() && producer != null) {
            // a bounded input has ended: publish everything, pre-committed transactions first, in order
            for (Map.Entry<String, KafkaProducer<byte[], byte[]>> e : pending.entrySet()) {
                try {
                    e.getValue().commitTransaction();
                    committedEarly.add(e.getKey());
                } catch (RuntimeException ex) {
                    throw failure("cannot commit transaction '" + e.getKey() + "'", ex);
                } finally {
                    e.getValue().close(Duration.ofSeconds(5));
                }
            }
            pending.clear();
            try {
                producer.commitTransaction();
            } catch (RuntimeException e) {
                throw failure("cannot commit the last transaction '" + transactionalId(openIndex) + "'", e);
            }
            dirty = false;
            producer.beginTransaction();
        }
    }

    @Override
    public void close() {
        // a task cancelled by interruption still ends its transaction and connections: Kafka refuses to while interrupted
        boolean interrupted = Thread.interrupted();
        try {
            closeClients();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeClients() {
        if (producer != null) {
            if (config.exactlyOnce()) {
                try {
                    // rows after the last checkpoint: the sources replay them; end their transaction now rather
                    // than leaving it open (read_committed readers wait behind an open transaction)
                    producer.abortTransaction();
                } catch (RuntimeException e) {
                    LOG.debug("kafka sink '{}': aborting the open transaction: {}", table, e.toString());
                }
            }
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        // pre-committed transactions stay open: the checkpoint lists them, and a restore commits them
        for (KafkaProducer<byte[], byte[]> p : pending.values()) {
            p.close(Duration.ZERO);
        }
        pending.clear();
    }

    private ConnectorException failure(String what, Exception e) {
        String detail = e instanceof TimeoutException
                ? "no answer from " + config.bootstrapServers() + " within " + clients.timeout().toMillis()
                        + " ms (is the broker up and bootstrap_servers right?)"
                : e.getMessage();
        return new ConnectorException("kafka sink '" + table + "' (topic '" + config.topic() + "'): " + what + ": "
                + detail, e);
    }
}
