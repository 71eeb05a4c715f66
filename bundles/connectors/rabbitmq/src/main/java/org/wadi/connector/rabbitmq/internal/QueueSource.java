package org.wadi.connector.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.formats.PayloadDecoder;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TaskInfo;

/**
 * Consumes a classic AMQP 0-9-1 queue, at least once. Subtasks are competing consumers of the
 * queue, each holding at most {@code source.prefetch} unacknowledged deliveries — which also bounds
 * what a subtask reads between two checkpoints. A delivery is acknowledged only once a checkpoint
 * taken after it is recorded ({@link #commit}). Whatever a failed task had not acknowledged the
 * broker delivers again, to this or another consumer; a restored job can therefore see rows twice
 * (at least once), never lose one. The source keeps no state in checkpoints.
 */
final class QueueSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(QueueSource.class);
    static final int MAX_PER_POLL = 4096;
    static final long FIRST_WAIT_MILLIS = 50;

    private record Delivery(long tag, byte[] body, long timestampNanos) {
    }

    private final String table;
    private final RabbitmqConfig config;
    private final PayloadDecoder decoder;
    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private volatile String failure;
    private volatile boolean closing;
    private Connection connection;
    private Channel channel;
    /** The tag of the last delivery polled. */
    private long lastTag;
    /** By checkpoint taken and not yet recorded: the last delivery it covers. */
    private final java.util.TreeMap<Long, Long> covered = new java.util.TreeMap<>();
    /** The last delivery acknowledged. */
    private long ackedTag;

    QueueSource(String table, RabbitmqConfig config, PayloadDecoder decoder) {
        this.table = table;
        this.config = config;
        this.decoder = decoder;
    }

    @Override
    public void open(SourceContext context) throws ConnectorException {
        TaskInfo task = context.task();
        String name = "wadi_" + task.jobId() + "_" + task.operatorId() + "_" + task.subtaskIndex();
        connection = RabbitmqClients.amqp(config, table, name);
        try {
            channel = connection.createChannel();
            channel.queueDeclarePassive(config.queue());
        } catch (IOException e) {
            close();
            throw new ConnectorException("rabbitmq table '" + table + "': queue '" + config.queue()
                    + "' cannot be read at " + config.address() + ": " + reason(e), e);
        }
        try {
            channel.basicQos(config.prefetch());
            channel.basicConsume(config.queue(), false, name, (tag, delivery) -> {
                AMQP.BasicProperties props = delivery.getProperties();
                long millis = props != null && props.getTimestamp() != null ? props.getTimestamp().getTime()
                        : System.currentTimeMillis();
                // bounded: the broker sends at most 'prefetch' unacknowledged deliveries
                deliveries.add(new Delivery(delivery.getEnvelope().getDeliveryTag(), delivery.getBody(),
                        millis * 1_000_000L));
            }, tag -> failure = "the broker cancelled the consumer of queue '" + config.queue()
                    + "' (was the queue deleted?)", (tag, signal) -> {
                        if (!closing) {
                            failure = "the connection to " + config.address() + " was lost: " + signal.getMessage();
                        }
                    });
        } catch (IOException e) {
            close();
            throw new ConnectorException("rabbitmq table '" + table + "': cannot consume queue '" + config.queue()
                    + "' at " + config.address() + ": " + reason(e), e);
        }
        LOG.info("rabbitmq table '{}': subtask {} of {} consumes queue '{}'", table, task.subtaskIndex(),
                task.parallelism(), config.queue());
    }

    @Override
    public SourceStatus poll(Collector out) throws ConnectorException {
        int handled = 0;
        try {
            while (handled < MAX_PER_POLL) {
                Delivery d = handled == 0 ? deliveries.poll(FIRST_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                        : deliveries.poll();
                if (d == null) {
                    break;
                }
                handled++;
                lastTag = d.tag();
                decoder.decode(d.body(), d.timestampNanos(), key -> null,
                        "queue '" + config.queue() + "' delivery " + d.tag(), out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("rabbitmq table '" + table + "': interrupted while reading", e);
        }
        if (handled == 0 && failure != null) {
            throw new ConnectorException("rabbitmq table '" + table + "': " + failure);
        }
        return handled == 0 ? SourceStatus.IDLE : SourceStatus.ACTIVE;
    }

    /** This checkpoint covers every delivery polled so far; they are acknowledged once it is recorded. */
    @Override
    public byte[] snapshot(long epoch) {
        covered.put(epoch, lastTag);
        return null;
    }

    /** Checkpoint {@code epoch} is recorded: acknowledges the deliveries it covers. */
    @Override
    public void commit(long epoch) throws ConnectorException {
        Long tag = covered.floorKey(epoch) == null ? null : covered.get(covered.floorKey(epoch));
        covered.headMap(epoch, true).clear();
        if (tag != null && tag > ackedTag) {
            try {
                channel.basicAck(tag, true);
                ackedTag = tag;
            } catch (IOException | ShutdownSignalException e) {
                throw new ConnectorException("rabbitmq table '" + table + "': acknowledging deliveries of queue '"
                        + config.queue() + "' failed: " + reason(e), e);
            }
        }
    }

    /** The tag of the last delivery polled (for tests). */
    long lastTag() {
        return lastTag;
    }

    @Override
    public void close() {
        closing = true;
        RabbitmqClients.close(connection);
        if (decoder.dropped() > 0) {
            LOG.warn("rabbitmq table '{}': dropped {} messages that could not be decoded", table, decoder.dropped());
        }
    }

    /** The broker's reason, as a closed channel carries it. */
    static String reason(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Channel.Close c) {
                return c.getReplyText();
            }
            t = t.getCause();
        }
        return RabbitmqClients.message(e);
    }
}
