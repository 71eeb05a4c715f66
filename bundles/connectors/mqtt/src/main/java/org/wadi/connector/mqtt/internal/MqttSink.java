package org.wadi.connector.mqtt.internal;

import org.wadi.formats.PayloadEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.wadi.formats.JsonFormat;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;

/**
 * Publishes each row as one message to the table's topic, with its QoS and {@code sink.retain}.
 * Publications are pipelined up to the broker's receive maximum; every checkpoint
 * ({@link #preCommit}) and the end of the input wait until each one is complete (sent for QoS 0,
 * acknowledged by the broker for QoS 1 and 2), so a checkpoint never covers a row the broker has
 * not accepted: at least once with QoS 1 and 2. A row whose message would exceed
 * {@code max_packet_size} fails the sink, naming its size.
 */
final class MqttSink implements Sink, MqttCallback {

    /** The most publications in flight even when the broker allows more. */
    private static final int MAX_IN_FLIGHT = 1000;
    /** An upper bound on the bytes of a PUBLISH packet beyond its topic and payload. */
    private static final int PACKET_OVERHEAD = 16;

    private final String table;
    private final MqttConfig config;
    private final Schema schema;
    private final JsonFormat format;
    private final ArrayDeque<IMqttToken> inFlight = new ArrayDeque<>();
    private final PayloadEncoder.Output publish = text -> publish(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private final int topicBytes;
    private volatile String failure;
    private volatile boolean closing;
    private PayloadEncoder encoder;
    private MqttAsyncClient client;
    private int window;

    MqttSink(String table, MqttConfig config, Schema schema, JsonFormat format) {
        this.table = table;
        this.config = config;
        this.schema = schema;
        this.format = format;
        this.topicBytes = config.topic().getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws ConnectorException {
        format.checkWritable("mqtt", table, context.updating());
        encoder = new PayloadEncoder(schema, format, context.updating());
        MqttClients.Connected connected = MqttClients.connect(config, table, context.task().subtaskIndex(), this);
        client = connected.client();
        // the client counts a publication in flight a little after its token completes: stay well below
        window = Math.max(1, Math.min(MAX_IN_FLIGHT, connected.receiveMaximum() / 2));
    }

    @Override
    public void write(Object[] row) throws Exception {
        encoder.encode(row, publish);
    }

    private void publish(byte[] payload) throws ConnectorException {
        long size = payload.length + topicBytes + PACKET_OVERHEAD;
        if (size > config.maxPacketSize()) {
            throw new ConnectorException("mqtt table '" + table + "': a row's message of " + payload.length
                    + " bytes to topic '" + config.topic() + "' exceeds max_packet_size = " + config.maxPacketSize()
                    + " bytes; raise max_packet_size (the broker may limit it too)");
        }
        while (inFlight.size() >= window) {
            complete(inFlight.poll());
        }
        long deadline = System.nanoTime() + MqttClients.WAIT_MILLIS * 1_000_000L;
        while (true) {
            try {
                inFlight.add(client.publish(config.topic(), payload, config.qos(), config.retain()));
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > deadline) {
                    throw failed(e);
                }
                // the client's count of publications in flight lags the tokens: wait for one to leave it
                if (inFlight.isEmpty()) {
                    LockSupport.parkNanos(100_000);
                } else {
                    complete(inFlight.poll());
                }
            }
        }
    }

    private void complete(IMqttToken token) throws ConnectorException {
        try {
            token.waitForCompletion(MqttClients.WAIT_MILLIS);
            if (!token.isComplete()) {
                throw new ConnectorException("mqtt table '" + table + "': the broker at " + config.shownUrl()
                        + " did not acknowledge a message to '" + config.topic() + "' within "
                        + MqttClients.WAIT_MILLIS / 1000 + " s");
            }
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new ConnectorException("mqtt table '" + table + "': the broker at " + config.shownUrl()
                        + " refused a message to '" + config.topic() + "' (reason code " + codes[0]
                        + (codes[0] == 0x87 ? ": not authorized" : codes[0] == 0x95 ? ": packet too large" : "") + ")");
            }
        } catch (MqttException e) {
            throw failed(e);
        }
    }

    private ConnectorException failed(MqttException e) {
        return new ConnectorException("mqtt table '" + table + "': publishing to '" + config.topic() + "' at "
                + config.shownUrl() + " failed: " + e.getMessage() + (failure == null ? "" : " (" + failure + ")"), e);
    }

    /** Publishes what the encoder holds and waits until every publication is complete. */
    private void flush() throws Exception {
        encoder.flush(publish);
        while (!inFlight.isEmpty()) {
            complete(inFlight.poll());
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
        closing = true;
        MqttClients.close(client);
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
        failure = exception.getMessage();
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
    public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
    }
}
