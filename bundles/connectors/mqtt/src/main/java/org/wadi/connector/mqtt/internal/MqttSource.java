package org.wadi.connector.mqtt.internal;

import org.wadi.formats.PayloadDecoder;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;

/**
 * Subscribes to a topic filter ({@code +} and {@code #} allowed) with the table's QoS and emits
 * each message's payload as rows; the {@code topic} metadata key gives the topic it was published
 * to. As in Arroyo, only subtask 0 subscribes (the others stay idle), with a clean session: MQTT
 * keeps no position a checkpoint could hold, so what is published while the job is not
 * subscribed is not read. With QoS 1 a message may arrive twice (at least once from the broker
 * to the source); QoS 0 is at most once. The event time of a row is the time it was received.
 *
 * <p>The client's thread hands messages over through a bounded queue: when the pipeline is slower
 * than the publishers, the client stops reading from its socket and the broker queues messages up
 * to its limit, then drops them, as it does for any slow subscriber.
 */
final class MqttSource implements Source, MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(MqttSource.class);
    static final int MAX_PER_POLL = 4096;
    private static final long FIRST_WAIT_MILLIS = 50;
    private static final int QUEUE = 16_384;

    private record Received(String topic, byte[] payload) {
    }

    private final String table;
    private final MqttConfig config;
    private final PayloadDecoder decoder;
    private final BlockingQueue<Received> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile String failure;
    private volatile boolean closing;
    private boolean idle;
    private MqttAsyncClient client;
    private String topic;

    MqttSource(String table, MqttConfig config, PayloadDecoder decoder) {
        this.table = table;
        this.config = config;
        this.decoder = decoder;
    }

    @Override
    public void open(SourceContext context) throws ConnectorException {
        if (context.task().subtaskIndex() > 0) {
            idle = true;
            return;
        }
        client = MqttClients.connect(config, table, context.task().subtaskIndex(), this).client();
        try {
            IMqttToken token = client.subscribe(config.topic(), config.qos());
            token.waitForCompletion(MqttClients.WAIT_MILLIS);
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new ConnectorException("mqtt table '" + table + "': the broker at " + config.shownUrl()
                        + " refused the subscription to '" + config.topic() + "' (reason code " + codes[0]
                        + (codes[0] == 0x87 ? ": not authorized" : "") + ")");
            }
        } catch (MqttException e) {
            throw new ConnectorException("mqtt table '" + table + "': subscribing to '" + config.topic() + "' at "
                    + config.shownUrl() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public SourceStatus poll(Collector out) throws ConnectorException {
        if (idle) {
            return SourceStatus.IDLE;
        }
        int handled = 0;
        try {
            while (handled < MAX_PER_POLL) {
                Received r = handled == 0 ? queue.poll(FIRST_WAIT_MILLIS, TimeUnit.MILLISECONDS) : queue.poll();
                if (r == null) {
                    break;
                }
                handled++;
                Instant now = Instant.now();
                decoder.decode(r.payload(), now.getEpochSecond() * 1_000_000_000L + now.getNano(),
                        key -> r.topic(), "topic '" + r.topic() + "'", out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("mqtt table '" + table + "': interrupted while reading", e);
        }
        if (handled == 0 && failure != null) {
            throw new ConnectorException("mqtt table '" + table + "': lost the connection to the broker at "
                    + config.shownUrl() + ": " + failure);
        }
        return handled == 0 ? SourceStatus.IDLE : SourceStatus.ACTIVE;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
        Received r = new Received(topic, message.getPayload());
        while (!closing && !queue.offer(r, 100, TimeUnit.MILLISECONDS)) {
            // the pipeline is behind: hold the client's reader, which holds the broker back
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        if (!closing) {
            failure = "disconnected: " + (response.getReasonString() != null ? response.getReasonString()
                    : response.getException() != null ? response.getException().getMessage()
                    : "reason code " + response.getReturnCode());
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("mqtt table '{}': error from the broker at {}: {}", table, config.shownUrl(), exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() {
        closing = true;
        MqttClients.close(client);
        if (decoder.dropped() > 0) {
            LOG.warn("mqtt table '{}': dropped {} messages that could not be decoded", table, decoder.dropped());
        }
    }
}
