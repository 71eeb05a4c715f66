package org.wadi.connector.pollinghttp.internal;

import org.wadi.formats.HttpOptions;
import org.wadi.formats.PayloadDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;

/**
 * Polls an HTTP endpoint every {@code poll_interval_ms} (from the start of one request to the
 * start of the next) and emits each answer's body as rows; with {@code emit_behavior = 'changed'}
 * a body equal to the last one emitted is skipped. As in Arroyo, only subtask 0 polls; the others
 * stay idle. The last body emitted is the checkpointed state, so a restored source does not emit
 * an unchanged answer again; what the endpoint answered between polls, or while the job was
 * down, is never seen (at most once by nature).
 *
 * <p>Requests are asynchronous, so {@link #poll} never blocks for long; each has 5 s to be
 * answered, and a body larger than {@value #MAX_BODY_BYTES} bytes fails the source. A failed
 * poll (no connection, time-out, a status other than 2xx) is logged and the next one is tried at
 * its time, as Arroyo does; after {@value #MAX_FAILED_POLLS} failures in a row the source fails,
 * naming the endpoint and the last error.
 */
final class PollingHttpSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(PollingHttpSource.class);
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    static final int MAX_FAILED_POLLS = 5;
    private static final long WAIT_NANOS = 50_000_000L;
    private static final int SHOWN_BODY = 200;
    private static final byte[] TOO_LARGE = new byte[0];

    private final String table;
    private final PollingConfig config;
    private final PayloadDecoder decoder;
    private boolean idle;
    private HttpClient client;
    private HttpRequest request;
    private CompletableFuture<HttpResponse<byte[]>> inFlight;
    private long nextAt;
    private byte[] lastBody;
    private int failedInARow;
    private long polls;

    PollingHttpSource(String table, PollingConfig config, PayloadDecoder decoder) {
        this.table = table;
        this.config = config;
        this.decoder = decoder;
    }

    private String where() {
        return "polling_http table '" + table + "': " + config.method() + " " + config.rawEndpoint();
    }

    @Override
    public void open(SourceContext context) throws ConnectorException {
        if (context.task().subtaskIndex() > 0) {
            idle = true;
            return;
        }
        byte[] restored = context.restoredState();
        lastBody = restored == null ? null : restored.clone();
        HttpRequest.Builder builder = HttpRequest.newBuilder(config.endpoint(HttpOptions.environment()))
                .timeout(TIMEOUT).method(config.method(), config.body() == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(config.body()));
        for (HttpOptions.Header h : config.headers(HttpOptions.environment())) {
            builder.header(h.name(), h.value());
        }
        request = builder.build();
        client = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
        nextAt = System.nanoTime();
    }

    @Override
    public SourceStatus poll(Collector out) throws ConnectorException {
        if (idle) {
            return SourceStatus.IDLE;
        }
        long now = System.nanoTime();
        if (inFlight == null) {
            if (now - nextAt < 0) {
                LockSupport.parkNanos(Math.min(WAIT_NANOS, nextAt - now));
                return SourceStatus.IDLE;
            }
            nextAt = now + TimeUnit.MILLISECONDS.toNanos(config.pollIntervalMillis());
            inFlight = client.sendAsync(request, info -> {
                long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
                return length > MAX_BODY_BYTES ? HttpResponse.BodySubscribers.replacing(TOO_LARGE)
                        : HttpResponse.BodySubscribers.ofByteArray();
            });
        }
        HttpResponse<byte[]> response;
        try {
            response = inFlight.get(WAIT_NANOS, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return SourceStatus.IDLE;
        } catch (ExecutionException e) {
            inFlight = null;
            failed(describe(e.getCause()));
            return SourceStatus.IDLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(where() + ": interrupted", e);
        }
        inFlight = null;
        polls++;
        byte[] body = response.body();
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            failed("the server answered " + status + shorten(body));
            return SourceStatus.IDLE;
        }
        failedInARow = 0;
        if (body == TOO_LARGE || body.length > MAX_BODY_BYTES) {
            throw new ConnectorException(where() + ": the answer is larger than the limit of " + MAX_BODY_BYTES
                    + " bytes");
        }
        if (config.emitChanged() && Arrays.equals(body, lastBody)) {
            return SourceStatus.IDLE;
        }
        Instant t = Instant.now();
        decoder.decode(new String(body, StandardCharsets.UTF_8), t.getEpochSecond() * 1_000_000_000L + t.getNano(),
                "poll " + polls, out);
        lastBody = body;
        return SourceStatus.ACTIVE;
    }

    private void failed(String what) throws ConnectorException {
        failedInARow++;
        if (failedInARow >= MAX_FAILED_POLLS) {
            throw new ConnectorException(where() + ": " + failedInARow + " polls failed in a row; the last: " + what);
        }
        LOG.warn("{}: poll failed ({} in a row; the source fails at {}): {}", where(), failedInARow, MAX_FAILED_POLLS,
                what);
    }

    private static String describe(Throwable e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof java.net.ConnectException) {
            return "could not connect (" + e + ")";
        }
        return String.valueOf(e);
    }

    private static String shorten(byte[] body) {
        if (body == null || body == TOO_LARGE || body.length == 0) {
            return "";
        }
        String b = new String(body, 0, Math.min(body.length, 4 * SHOWN_BODY), StandardCharsets.UTF_8).strip()
                .replaceAll("\\s+", " ");
        return b.isEmpty() ? "" : ": " + (b.length() > SHOWN_BODY ? b.substring(0, SHOWN_BODY) + "…" : b);
    }

    /** The last body emitted, so that a restored source with {@code emit_behavior = 'changed'} skips it. */
    @Override
    public byte[] snapshot(long epoch) {
        return lastBody == null ? null : lastBody.clone();
    }

    @Override
    public void close() {
        if (inFlight != null) {
            inFlight.cancel(true);
        }
        if (decoder.dropped() > 0) {
            LOG.warn("{}: dropped {} of {} answers that could not be decoded", where(), decoder.dropped(), polls);
        }
    }
}
