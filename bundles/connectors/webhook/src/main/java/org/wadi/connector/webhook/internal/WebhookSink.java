package org.wadi.connector.webhook.internal;

import org.wadi.formats.HttpOptions;
import org.wadi.formats.PayloadEncoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.formats.JsonFormat;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.types.Schema;

/**
 * POSTs each row to the endpoint as a JSON body, as Arroyo's webhook sink does: up to
 * {@value #MAX_INFLIGHT} requests in flight (so their order is not kept), each retried with
 * exponential backoff (50 ms doubling up to 5 s) on a connection error, a time-out (5 s) or an
 * answer 5xx, 408 or 429. Every checkpoint ({@link #preCommit}) and the end of the input wait until
 * every request has been answered 2xx: at least once (a restore sends the rows after the last
 * checkpoint again). A request still failing after {@link Retry#maxRetries} retries, or answered
 * with another status, fails the sink naming the endpoint, the status and the start of the answer.
 */
final class WebhookSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);
    static final int MAX_INFLIGHT = 50;
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int SHOWN_BODY = 200;

    /**
     * How failed requests are retried: after {@code firstBackoffMillis}, doubling up to
     * {@code maxBackoffMillis}, at most {@code maxRetries} times.
     */
    record Retry(int maxRetries, long firstBackoffMillis, long maxBackoffMillis) {
        /** About a minute and a half of retries before a request fails the sink. */
        static final Retry DEFAULT = new Retry(20, 50, 5_000);

        long backoffMillis(int retry) {
            return Math.min(maxBackoffMillis, firstBackoffMillis << Math.min(retry, 30));
        }
    }

    private final String table;
    private final String shownEndpoint;
    private final WebhookConfig config;
    private final Schema schema;
    private final JsonFormat format;
    private final Retry retry;
    private final Semaphore permits = new Semaphore(MAX_INFLIGHT);
    private final AtomicReference<ConnectorException> failure = new AtomicReference<>();
    private final AtomicLong lastWarning = new AtomicLong();
    private volatile boolean closed;
    private HttpClient client;
    private HttpRequest.Builder template;
    private PayloadEncoder encoder;

    WebhookSink(String table, WebhookConfig config, Schema schema, JsonFormat format, Retry retry) {
        this.table = table;
        this.shownEndpoint = config.rawEndpoint();
        this.config = config;
        this.schema = schema;
        this.format = format;
        this.retry = retry;
    }

    @Override
    public void open(SinkContext context, byte[] restoredState) throws Exception {
        format.checkWritable(WebhookConnector.NAME, table, context.updating());
        encoder = new PayloadEncoder(schema, format, context.updating());
        URI uri = config.endpoint(HttpOptions.environment());
        List<HttpOptions.Header> headers = config.headers(HttpOptions.environment());
        template = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        boolean contentType = false;
        for (HttpOptions.Header h : headers) {
            template.header(h.name(), h.value());
            contentType |= h.name().toLowerCase(Locale.ROOT).equals("content-type");
        }
        if (!contentType) {
            template.header("Content-Type", "application/json");
        }
        client = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public void write(Object[] row) throws Exception {
        encoder.encode(row, this::post);
    }

    private void post(String body) throws ConnectorException, InterruptedException {
        throwIfFailed();
        permits.acquire();
        if (failure.get() != null) {
            permits.release();
            throwIfFailed();
        }
        attempt(template.copy().POST(HttpRequest.BodyPublishers.ofString(body)).build(), 0);
    }

    /** Sends one request; on completion retries it, records a failure, or gives its permit back. */
    private void attempt(HttpRequest request, int retries) {
        if (closed) {
            permits.release();
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (closed) {
                permits.release();
                return;
            }
            int status = response == null ? -1 : response.statusCode();
            if (error == null && status >= 200 && status < 300) {
                permits.release();
                return;
            }
            String what = error != null ? describe(error)
                    : "the server answered " + status + shorten(response.body());
            boolean retryable = error != null || status >= 500 || status == 408 || status == 429;
            if (retryable && retries < retry.maxRetries()) {
                warn(what, retries);
                long delay = retry.backoffMillis(retries);
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(request, retries + 1));
                return;
            }
            String message = retryable
                    ? "webhook table '" + table + "': POST " + shownEndpoint + " failed after " + retries
                            + " retries: " + what
                    : "webhook table '" + table + "': POST " + shownEndpoint + " failed: " + what
                            + " (not retried: only connection errors, time-outs, 5xx, 408 and 429 are)";
            failure.compareAndSet(null, new ConnectorException(message, error));
            permits.release();
        });
    }

    private void warn(String what, int retries) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last > 1_000_000_000L && lastWarning.compareAndSet(last, now)) {
            LOG.warn("webhook table '{}': POST {} failed (retry {} of {}): {}", table, shownEndpoint, retries + 1,
                    retry.maxRetries(), what);
        }
    }

    private static String describe(Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String message = e.getMessage();
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof java.net.ConnectException) {
            return "could not connect" + (message == null ? "" : " (" + message + ")");
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String shorten(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String b = body.strip().replaceAll("\\s+", " ");
        return ": " + (b.length() > SHOWN_BODY ? b.substring(0, SHOWN_BODY) + "…" : b);
    }

    private void throwIfFailed() throws ConnectorException {
        ConnectorException e = failure.get();
        if (e != null) {
            throw new ConnectorException(e.getMessage(), e);
        }
    }

    /** Sends what the encoder holds and waits until every request has been answered. */
    private void drain() throws Exception {
        encoder.flush(this::post);
        permits.acquire(MAX_INFLIGHT);
        permits.release(MAX_INFLIGHT);
        throwIfFailed();
    }

    @Override
    public byte[] preCommit(long epoch) throws Exception {
        drain();
        return null;
    }

    @Override
    public void finish() throws Exception {
        drain();
    }

    @Override
    public void close() {
        // requests still in flight complete on the client's threads and stop retrying
        closed = true;
    }
}
