package org.wadi.connector.nats.internal;

import org.wadi.formats.PayloadDecoder;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;

/**
 * Reads a core NATS subject (wildcards allowed): at most once. Core NATS keeps nothing, so there
 * is no position to checkpoint: what is published while the job is not subscribed (before it
 * starts, while it restarts) is never seen, and messages the client could not take in time (a
 * slow consumer) are dropped by the server. The subtasks of a source share one queue group, named
 * after the job and operator, so that each message goes to one of them. The event time of a row is
 * the time it was received.
 */
final class CoreNatsSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(CoreNatsSource.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(50);
    private static final Duration NEXT_WAIT = Duration.ofMillis(1);

    private final String table;
    private final NatsConfig config;
    private final PayloadDecoder decoder;
    private Connection connection;
    private Subscription subscription;

    CoreNatsSource(String table, NatsConfig config, PayloadDecoder decoder) {
        this.table = table;
        this.config = config;
        this.decoder = decoder;
    }

    @Override
    public void open(SourceContext context) throws ConnectorException {
        String group = JetStreamSource.operatorName(context.task());
        connection = NatsClients.connect(config, table, JetStreamSource.consumerName(context.task()));
        subscription = connection.subscribe(config.subject(), group);
        try {
            // the subscription is registered with the server before the source reports anything
            connection.flush(Duration.ofSeconds(NatsClients.CONNECT_SECONDS));
        } catch (Exception e) {
            throw new ConnectorException("nats table '" + table + "': subscribing to '" + config.subject() + "' at "
                    + String.join(",", config.servers()) + " was not confirmed: " + e.getMessage(), e);
        }
    }

    @Override
    public SourceStatus poll(Collector out) throws ConnectorException {
        NatsClients.checkOpen(connection, config, table);
        int handled = 0;
        try {
            while (handled < JetStreamSource.MAX_PER_POLL) {
                Message m = subscription.nextMessage(handled == 0 ? FIRST_WAIT : NEXT_WAIT);
                if (m == null) {
                    break;
                }
                handled++;
                Instant now = Instant.now();
                decoder.decode(m.getData() == null ? new byte[0] : m.getData(),
                        now.getEpochSecond() * 1_000_000_000L + now.getNano(), key -> null,
                        "subject '" + m.getSubject() + "'", out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("nats table '" + table + "': interrupted while reading", e);
        } catch (IllegalStateException e) {
            throw new ConnectorException("nats table '" + table + "': reading subject '" + config.subject()
                    + "' failed: " + e.getMessage(), e);
        }
        return handled == 0 ? SourceStatus.IDLE : SourceStatus.ACTIVE;
    }

    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("nats table '{}': unsubscribing failed", table, e);
            }
            long dropped = subscription.getDroppedCount();
            if (dropped > 0) {
                LOG.warn("nats table '{}': the client dropped {} messages of subject '{}' it could not take in time",
                        table, dropped, config.subject());
            }
        }
        if (decoder.dropped() > 0) {
            LOG.warn("nats table '{}': dropped {} messages that could not be decoded", table, decoder.dropped());
        }
        NatsClients.close(connection);
    }
}
