package org.wadi.connector.nats.internal;

import org.wadi.formats.PayloadEncoder;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.wadi.formats.JsonFormat;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;

/**
 * Publishes each row as one message to a subject, at least once: publishing is buffered by the
 * client, and every checkpoint ({@link #preCommit}) and the end of the input wait until the server
 * has received everything published before (a flush), so that a checkpoint never covers a row
 * the server has not got. A stream whose subjects include the subject stores the messages.
 */
final class NatsSink implements Sink {

    /** How long a flush may take before the sink fails. */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final String table;
    private final NatsConfig config;
    private final Schema schema;
    private final JsonFormat format;
    private final PayloadEncoder.Output publish = text -> publish(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private PayloadEncoder encoder;
    private Connection connection;

    NatsSink(String table, NatsConfig config, Schema schema, JsonFormat format) {
        this.table = table;
        this.config = config;
        this.schema = schema;
        this.format = format;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws ConnectorException {
        format.checkWritable("nats", table, context.updating());
        encoder = new PayloadEncoder(schema, format, context.updating());
        connection = NatsClients.connect(config, table, JetStreamSource.consumerName(context.task()));
    }

    @Override
    public void write(Object[] row) throws Exception {
        encoder.encode(row, publish);
    }

    private void publish(byte[] payload) throws ConnectorException {
        try {
            connection.publish(config.subject(), payload);
        } catch (IllegalArgumentException | IllegalStateException e) {
            NatsClients.checkOpen(connection, config, table);
            throw new ConnectorException("nats table '" + table + "': publishing to '" + config.subject() + "' at "
                    + String.join(",", config.servers()) + " failed: " + e.getMessage(), e);
        }
    }

    /** Sends what the encoder holds and waits until the server has received everything published. */
    private void flush() throws Exception {
        encoder.flush(publish);
        NatsClients.checkOpen(connection, config, table);
        try {
            connection.flush(FLUSH_TIMEOUT);
        } catch (TimeoutException e) {
            throw new ConnectorException("nats table '" + table + "': the server at " + String.join(",", config.servers())
                    + " did not confirm the published messages within " + FLUSH_TIMEOUT.toSeconds() + " s ("
                    + connection.getStatus() + ")", e);
        }
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        flush();
        return null;
    }

    @Override
    public void finish() throws Exception {
        flush();
    }

    @Override
    public void close() {
        NatsClients.close(connection);
    }
}
