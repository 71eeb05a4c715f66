package org.wadi.connector.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import org.wadi.formats.JsonFormat;
import org.wadi.formats.PayloadEncoder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.types.Schema;

/**
 * Publishes each row as one persistent AMQP 0-9-1 message to {@code exchange} with
 * {@code routing_key}, at least once: with publisher confirms on, every checkpoint
 * ({@link #preCommit}) and the end of the input wait until the broker has confirmed everything
 * published before, so a checkpoint never covers a row the broker has not taken. A message the
 * broker cannot route to any queue (mandatory flag), or one it refuses (a nack), fails the task.
 * A restored job publishes again what followed its last checkpoint: rows may come twice.
 */
final class QueueSink implements Sink {

    /** How long waiting for confirms may take before the sink fails. */
    static final long CONFIRM_TIMEOUT_MILLIS = 60_000;
    /** At most this many unconfirmed messages before the sink waits for the broker. */
    static final long MAX_UNCONFIRMED = 100_000;

    private final String table;
    private final RabbitmqConfig config;
    private final Schema schema;
    private final JsonFormat format;
    private final AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
            .contentType("application/json").deliveryMode(2).build();
    private final PayloadEncoder.Output publish = text -> publish(text.getBytes(StandardCharsets.UTF_8));
    private volatile String failure;
    private PayloadEncoder encoder;
    private Connection connection;
    private Channel channel;
    private long confirmedUpTo;

    QueueSink(String table, RabbitmqConfig config, Schema schema, JsonFormat format) {
        this.table = table;
        this.config = config;
        this.schema = schema;
        this.format = format;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws ConnectorException {
        format.checkWritable("rabbitmq", table, context.updating());
        encoder = new PayloadEncoder(schema, format, context.updating());
        TaskInfo task = context.task();
        connection = RabbitmqClients.amqp(config, table, "wadi_" + task.jobId() + "_" + task.operatorId() + "_"
                + task.subtaskIndex());
        try {
            channel = connection.createChannel();
            if (!config.exchange().isEmpty()) {
                channel.exchangeDeclarePassive(config.exchange());
            }
            channel.confirmSelect();
            channel.addConfirmListener((tag, multiple) -> {
            }, (tag, multiple) -> failure = "the broker refused (nack) message " + tag);
            channel.addReturnListener(r -> failure = "the broker could not route a message to any queue: exchange '"
                    + r.getExchange() + "', routing key '" + r.getRoutingKey() + "' (" + r.getReplyText() + ")");
        } catch (IOException e) {
            close();
            throw new ConnectorException("rabbitmq table '" + table + "': exchange '" + config.exchange()
                    + "' cannot be written at " + config.address() + ": " + QueueSource.reason(e), e);
        }
    }

    @Override
    public void write(Object[] row) throws Exception {
        encoder.encode(row, publish);
    }

    private void publish(byte[] payload) throws ConnectorException {
        check();
        try {
            channel.basicPublish(config.exchange(), config.routingKey(), true, properties, payload);
        } catch (IOException | ShutdownSignalException e) {
            throw new ConnectorException("rabbitmq table '" + table + "': publishing to exchange '"
                    + config.exchange() + "' at " + config.address() + " failed: " + QueueSource.reason(e), e);
        }
        if (channel.getNextPublishSeqNo() - confirmedUpTo > MAX_UNCONFIRMED) {
            waitForConfirms();
        }
    }

    private void check() throws ConnectorException {
        if (failure != null) {
            throw new ConnectorException("rabbitmq table '" + table + "': " + failure);
        }
    }

    private void waitForConfirms() throws ConnectorException {
        long next = channel.getNextPublishSeqNo();
        try {
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("rabbitmq table '" + table + "': interrupted waiting for confirms", e);
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            throw new ConnectorException("rabbitmq table '" + table + "': the broker at " + config.address()
                    + " did not confirm the published messages within " + CONFIRM_TIMEOUT_MILLIS / 1000 + " s: "
                    + QueueSource.reason(e), e);
        }
        confirmedUpTo = next;
        check();
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        encoder.flush(publish);
        waitForConfirms();
        return null;
    }

    @Override
    public void finish() throws Exception {
        encoder.flush(publish);
        waitForConfirms();
    }

    @Override
    public void close() {
        RabbitmqClients.close(connection);
    }
}
