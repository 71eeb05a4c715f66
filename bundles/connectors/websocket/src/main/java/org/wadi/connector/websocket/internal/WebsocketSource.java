package org.wadi.connector.websocket.internal;

import org.wadi.formats.HttpOptions;
import org.wadi.formats.PayloadDecoder;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;

/**
 * Opens a WebSocket, sends the subscription messages in order, and emits each message received
 * (text, or binary read as UTF-8; fragments joined) as rows. As in Arroyo, only subtask 0 connects
 * (a socket cannot be split); the others stay idle. Pings are answered with pongs by the client.
 * A socket keeps no position, so nothing is checkpointed: what the server sends while the job is
 * not connected is not read (at most once). A close from the server or a broken connection fails
 * the source, naming the endpoint and the close code, and the job restarts from its last
 * checkpoint, connecting and subscribing again.
 *
 * <p>Messages are handed over through a bounded queue and the client asks the server's socket for
 * the next message only while the queue has room, so a slow pipeline holds the server back.
 */
final class WebsocketSource implements Source, WebSocket.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(WebsocketSource.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_PER_POLL = 4096;
    private static final long FIRST_WAIT_MILLIS = 50;
    private static final int QUEUE = 16_384;

    private final String table;
    private final WebsocketConfig config;
    private final PayloadDecoder decoder;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean requestPending = new AtomicBoolean();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private volatile String failure;
    private volatile boolean closing;
    private boolean idle;
    private WebSocket socket;
    private long received;

    WebsocketSource(String table, WebsocketConfig config, PayloadDecoder decoder) {
        this.table = table;
        this.config = config;
        this.decoder = decoder;
    }

    private String where() {
        return "websocket table '" + table + "' at " + config.rawEndpoint();
    }

    @Override
    public void open(SourceContext context) throws ConnectorException {
        if (context.task().subtaskIndex() > 0) {
            idle = true;
            return;
        }
        connect();
        subscribe();
    }

    /** Opens the socket, failing at once when the server cannot be reached or refuses the handshake. */
    void connect() throws ConnectorException {
        URI uri = config.endpoint(HttpOptions.environment());
        List<HttpOptions.Header> headers = config.headers(HttpOptions.environment());
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        for (HttpOptions.Header h : headers) {
            builder.header(h.name(), h.value());
        }
        try {
            socket = builder.buildAsync(uri, this).get(2 * CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectorException(where() + ": " + describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new ConnectorException(where() + ": no handshake within " + 2 * CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(where() + ": interrupted while connecting", e);
        }
    }

    private void subscribe() throws ConnectorException {
        List<String> messages = config.subscriptionMessages();
        for (int i = 0; i < messages.size(); i++) {
            try {
                socket.sendText(messages.get(i), true).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new ConnectorException(where() + ": sending subscription message " + (i + 1) + " of "
                        + messages.size() + " failed: " + describe(cause), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(where() + ": interrupted while subscribing", e);
            }
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof WebSocketHandshakeException h) {
            return "the server refused the WebSocket handshake, answering " + h.getResponse().statusCode();
        }
        if (e instanceof java.net.ConnectException) {
            return "could not connect (" + e + ")";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        return String.valueOf(e);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            queue.add(text.toString());
            text.setLength(0);
        }
        requestNext(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
            queue.add(binary.toString(StandardCharsets.UTF_8));
            binary.reset();
        }
        requestNext(webSocket);
        return null;
    }

    /** Asks for the next message while the queue has room; otherwise {@link #poll} asks once it drained. */
    private void requestNext(WebSocket webSocket) {
        if (queue.remainingCapacity() > 0) {
            webSocket.request(1);
        } else {
            requestPending.set(true);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!closing) {
            failure = "the server closed the connection (close code " + statusCode
                    + (reason == null || reason.isEmpty() ? "" : ": " + reason) + ")";
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!closing) {
            failure = "the connection broke: " + error;
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
                String m = handled == 0 ? queue.poll(FIRST_WAIT_MILLIS, TimeUnit.MILLISECONDS) : queue.poll();
                if (m == null) {
                    break;
                }
                handled++;
                received++;
                Instant now = Instant.now();
                decoder.decode(m, now.getEpochSecond() * 1_000_000_000L + now.getNano(), "message " + received, out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(where() + ": interrupted while reading", e);
        }
        if (requestPending.compareAndSet(true, false)) {
            socket.request(1);
        }
        if (handled == 0 && failure != null) {
            throw new ConnectorException(where() + ": " + failure);
        }
        return handled == 0 ? SourceStatus.IDLE : SourceStatus.ACTIVE;
    }

    @Override
    public void close() {
        closing = true;
        if (socket != null) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the socket is going anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                socket.abort();
            }
        }
        if (decoder != null && decoder.dropped() > 0) {
            LOG.warn("{}: dropped {} of {} messages that could not be decoded", where(), decoder.dropped(), received);
        }
    }
}
