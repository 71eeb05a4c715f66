package org.wadi.connector.sse.internal;

import org.wadi.formats.HttpOptions;
import org.wadi.formats.PayloadDecoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;

/**
 * Reads a Server-Sent Events stream and emits each event's data as rows, keeping the event types
 * of {@code events} (all when empty). As in Arroyo, only subtask 0 reads (an event stream cannot
 * be split); the others stay idle. The id of the last event emitted is the checkpointed state: a
 * restored source sends it as {@code Last-Event-ID}, so a server that honours it resumes after it.
 *
 * <p>A reader thread holds the connection and hands events over through a bounded queue. When the
 * stream ends or breaks, it reconnects after the server's {@code retry:} time (1 s by default,
 * doubling after each failed attempt up to 30 s), sending the last id it has seen; after
 * {@value #MAX_FAILED_CONNECTS} failed attempts in a row (refused, a status other than 200, not
 * {@code text/event-stream}, or a stream ending without any event) the source fails naming the
 * endpoint and the last error. The first connection is made in {@link #open}, which fails at once
 * when the server cannot be reached.
 */
final class SseSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(SseSource.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_FAILED_CONNECTS = 5;
    static final int MAX_PER_POLL = 4096;
    private static final long DEFAULT_RETRY_MILLIS = 1_000;
    private static final long MAX_RETRY_MILLIS = 30_000;
    private static final long FIRST_WAIT_MILLIS = 50;
    private static final int QUEUE = 16_384;

    private final String table;
    private final SseConfig config;
    private final PayloadDecoder decoder;
    private final BlockingQueue<SseParser.Event> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile String failure;
    private volatile boolean closing;
    private volatile InputStream current;
    private boolean idle;
    private String lastEmittedId;
    private HttpClient client;
    private URI uri;
    private List<HttpOptions.Header> headers;
    private Thread reader;
    private long events;

    SseSource(String table, SseConfig config, PayloadDecoder decoder) {
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
        byte[] restored = context.restoredState();
        lastEmittedId = restored == null || restored.length == 0 ? null : new String(restored, StandardCharsets.UTF_8);
        uri = config.endpoint(HttpOptions.environment());
        headers = config.headers(HttpOptions.environment());
        client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
        InputStream first;
        try {
            first = connect(lastEmittedId);
        } catch (IOException e) {
            throw new ConnectorException(where() + ": " + e.getMessage(), e);
        }
        reader = new Thread(() -> read(first), "wadi-sse-" + table);
        reader.setDaemon(true);
        reader.start();
    }

    private String where() {
        return "sse table '" + table + "' reading " + config.rawEndpoint();
    }

    /** Opens the stream, or says in the exception why it could not. */
    private InputStream connect(String lastId) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(CONNECT_TIMEOUT)
                .header("Accept", "text/event-stream").header("Cache-Control", "no-cache");
        for (HttpOptions.Header h : headers) {
            request.header(h.name(), h.value());
        }
        if (lastId != null) {
            request.header("Last-Event-ID", lastId);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.net.ConnectException e) {
            throw new IOException("could not connect (" + e + ")", e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException("no answer within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
        InputStream body = response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 200) {
            body.close();
            throw new IOException("the server answered " + response.statusCode() + " (expected 200)");
        }
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
            body.close();
            throw new IOException("the server answered with Content-Type '" + type + "', not text/event-stream");
        }
        current = body;
        if (closing) {
            body.close();
        }
        return body;
    }

    /** The reader thread: parses the stream, reconnecting when it ends, until closed or failed. */
    private void read(InputStream first) {
        InputStream in = first;
        String lastId = lastEmittedId;
        long retryMillis = DEFAULT_RETRY_MILLIS;
        int failed = 0;
        String lastError = null;
        while (!closing) {
            if (in != null) {
                SseParser parser = new SseParser(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                        lastId);
                boolean any = false;
                try {
                    SseParser.Event e;
                    while (!closing && (e = parser.next()) != null) {
                        any = true;
                        while (!closing && !queue.offer(e, 100, TimeUnit.MILLISECONDS)) {
                            // the pipeline is behind: stop reading, which holds the server back
                        }
                    }
                    lastError = "the server ended the stream";
                } catch (IOException e) {
                    lastError = "the stream broke: " + e.getMessage();
                } catch (InterruptedException e) {
                    return;
                } finally {
                    close(in);
                }
                lastId = parser.lastId();
                if (parser.retryMillis() >= 0) {
                    retryMillis = parser.retryMillis();
                }
                failed = any ? 0 : failed + 1;
                in = null;
            }
            if (closing) {
                return;
            }
            if (failed >= MAX_FAILED_CONNECTS) {
                failure = "gave up after " + failed + " failed connections in a row; the last: " + lastError;
                return;
            }
            long delay = Math.min(MAX_RETRY_MILLIS, retryMillis << Math.min(failed, 20));
            LOG.info("{}: {}; reconnecting in {} ms", where(), lastError, delay);
            try {
                Thread.sleep(delay);
                in = connect(lastId);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                lastError = e.getMessage();
                failed++;
            }
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the connection is going anyway
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
                SseParser.Event e = handled == 0 ? queue.poll(FIRST_WAIT_MILLIS, TimeUnit.MILLISECONDS) : queue.poll();
                if (e == null) {
                    break;
                }
                handled++;
                if (e.id() != null) {
                    lastEmittedId = e.id();
                }
                if (config.events().isEmpty() || config.events().contains(e.type())) {
                    Instant now = Instant.now();
                    events++;
                    decoder.decode(e.data(), now.getEpochSecond() * 1_000_000_000L + now.getNano(),
                            "event '" + e.type() + "'" + (e.id() == null ? "" : " id '" + e.id() + "'"), out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(where() + ": interrupted while reading", e);
        }
        if (handled == 0 && failure != null) {
            throw new ConnectorException(where() + ": " + failure);
        }
        return handled == 0 ? SourceStatus.IDLE : SourceStatus.ACTIVE;
    }

    /** The id of the last event emitted: a restored source asks the server to resume after it. */
    @Override
    public byte[] snapshot(long epoch) {
        return lastEmittedId == null ? null : lastEmittedId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        InputStream in = current;
        if (in != null) {
            close(in);
        }
        if (reader != null) {
            reader.interrupt();
            reader.join(5_000);
        }
        if (decoder.dropped() > 0) {
            LOG.warn("{}: dropped {} of {} events that could not be decoded", where(), decoder.dropped(), events);
        }
    }
}
