package org.wadi.connector.nats.internal;

import org.wadi.formats.PayloadDecoder;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TaskInfo;

/**
 * Reads a JetStream stream exactly once across checkpoints. Each subtask creates its own pull
 * consumer (named after the job, operator and subtask, replaced at every start and deleted at the
 * end) starting after its checkpointed stream sequence, reads the stream in order and emits the
 * messages of its lane ({@link JetStreamPosition}); its state is the last stream sequence it dealt
 * with. Acknowledgements follow {@code consumer.ack_policy} but only keep the server's bookkeeping:
 * positions come from the checkpoint, never from the server, so a restore neither loses nor
 * repeats messages, and a message the server redelivers is recognised by its sequence and skipped.
 * The event time of a row is the time the server stored the message.
 */
final class JetStreamSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamSource.class);
    /** The most messages one poll handles, and how long it waits for the first. */
    static final int MAX_PER_POLL = 4096;
    static final long FIRST_WAIT_MILLIS = 50;
    private static final int DEFAULT_BATCH = 1000;

    private final String table;
    private final NatsConfig config;
    private final PayloadDecoder decoder;
    private Connection connection;
    private StreamContext stream;
    private String consumerName;
    private IterableConsumer messages;
    /** What earlier runs handled and this subtask's lane. */
    private JetStreamPosition base;
    /** The last stream sequence dealt with. */
    private long position;

    JetStreamSource(String table, NatsConfig config, PayloadDecoder decoder) {
        this.table = table;
        this.config = config;
        this.decoder = decoder;
    }

    @Override
    public void open(SourceContext context) throws ConnectorException {
        TaskInfo task = context.task();
        base = JetStreamPosition.restore(table, config.stream(), task.parallelism(), task.subtaskIndex(),
                context.restoredStates());
        position = base.position();
        consumerName = consumerName(task);
        connection = NatsClients.connect(config, table, consumerName);
        try {
            stream = connection.getStreamContext(config.stream());
        } catch (JetStreamApiException e) {
            throw new ConnectorException("nats table '" + table + "': stream '" + config.stream()
                    + "' cannot be read at " + String.join(",", config.servers()) + ": " + e.getMessage()
                    + (e.getApiErrorCode() == 10059 ? " (create it first, e.g. nats stream add " + config.stream() + ")"
                    : ""), e);
        } catch (IOException e) {
            throw new ConnectorException("nats table '" + table + "': JetStream is not available at "
                    + String.join(",", config.servers()) + " (is the server started with -js?): " + e.getMessage(), e);
        }
        try {
            deleteConsumer();
            ConsumerContext consumer = stream.createOrUpdateConsumer(
                    config.consumer().configuration(consumerName, position + 1));
            messages = consumer.iterate(consumeOptions(config.consumer()));
        } catch (JetStreamApiException | IOException e) {
            throw new ConnectorException("nats table '" + table + "': cannot create consumer '" + consumerName
                    + "' on stream '" + config.stream() + "' with " + config.consumer() + ": " + e.getMessage(), e);
        }
        LOG.info("nats table '{}': subtask {} of {} reads stream '{}' from sequence {}", table, task.subtaskIndex(),
                task.parallelism(), config.stream(), position + 1);
    }

    /** The pull requests' size, within the consumer's {@code max_batch}, {@code max_bytes} and {@code max_expires}. */
    static ConsumeOptions consumeOptions(ConsumerSettings settings) {
        ConsumeOptions.Builder b = ConsumeOptions.builder();
        long maxBatch = settings.limit(ConsumerSettings.MAX_BATCH);
        b.batchSize((int) (maxBatch > 0 ? Math.min(maxBatch, DEFAULT_BATCH) : DEFAULT_BATCH));
        long maxBytes = settings.limit(ConsumerSettings.MAX_BYTES);
        if (maxBytes > 0) {
            b.batchBytes(maxBytes);
        }
        String expires = settings.values().get(ConsumerSettings.MAX_EXPIRES);
        if (expires != null) {
            b.expiresIn(Math.max(1_000, Math.min(30_000, Long.parseLong(expires) * 1_000)));
        }
        return b.build();
    }

    /** A consumer name unique to this job, operator and subtask (NATS allows no '.', '*', '>' or spaces). */
    static String consumerName(TaskInfo task) {
        return operatorName(task) + "_" + task.subtaskIndex();
    }

    /** A name unique to this job and operator, shared by its subtasks. */
    static String operatorName(TaskInfo task) {
        String raw = "wadi_" + task.jobId() + "_" + task.operatorId();
        StringBuilder b = new StringBuilder(raw.length());
        for (char c : raw.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
        }
        return b.toString();
    }

    @Override
    public SourceStatus poll(Collector out) throws ConnectorException {
        NatsClients.checkOpen(connection, config, table);
        AckPolicy ack = config.consumer().ackPolicy();
        Message last = null;
        int handled = 0;
        try {
            while (handled < MAX_PER_POLL) {
                Message m = messages.nextMessage(handled == 0 ? FIRST_WAIT_MILLIS : 1);
                if (m == null) {
                    break;
                }
                handled++;
                NatsJetStreamMetaData meta = m.metaData();
                long sequence = meta.streamSequence();
                if (sequence > position) {
                    position = sequence;
                    if (base.owns(sequence)) {
                        Instant stored = meta.timestamp().toInstant();
                        decoder.decode(m.getData() == null ? new byte[0] : m.getData(),
                                stored.getEpochSecond() * 1_000_000_000L + stored.getNano(), key -> null,
                                "stream '" + config.stream() + "' sequence " + sequence, out);
                    }
                }
                if (ack == AckPolicy.Explicit) {
                    m.ack();
                }
                last = m;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("nats table '" + table + "': interrupted while reading", e);
        } catch (JetStreamStatusCheckedException e) {
            throw new ConnectorException("nats table '" + table + "': reading stream '" + config.stream()
                    + "' failed: " + e.getMessage(), e);
        }
        if (last != null && ack == AckPolicy.All) {
            last.ack();
        }
        return handled == 0 ? SourceStatus.IDLE : SourceStatus.ACTIVE;
    }

    @Override
    public byte[] snapshot(long epoch) {
        return base.at(position).encode();
    }

    @Override
    public void close() {
        try {
            if (messages != null) {
                messages.stop();
                messages.close();
            }
        } catch (Exception e) {
            LOG.debug("nats table '{}': stopping consumer '{}' failed", table, consumerName, e);
        }
        try {
            if (stream != null && connection.getStatus() == Connection.Status.CONNECTED) {
                deleteConsumer();
            }
        } catch (Exception e) {
            // the server removes it after consumer.inactive_threshold anyway
            LOG.debug("nats table '{}': deleting consumer '{}' failed", table, consumerName, e);
        }
        if (decoder.dropped() > 0) {
            LOG.warn("nats table '{}': dropped {} messages that could not be decoded", table, decoder.dropped());
        }
        NatsClients.close(connection);
    }

    private void deleteConsumer() throws IOException, JetStreamApiException {
        try {
            stream.deleteConsumer(consumerName);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10014) { // consumer not found
                throw e;
            }
        }
    }
}
