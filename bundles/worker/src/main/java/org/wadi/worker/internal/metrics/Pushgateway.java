package org.wadi.worker.internal.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Pushes a worker's metrics to a Prometheus Pushgateway, as the group
 * {@code /metrics/job/wadi_worker/job_id/<job>/worker_id/<worker>}: a PUT of the text format
 * replaces the group each interval, a DELETE removes it when the worker ends.
 */
public final class Pushgateway {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI group;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);

    /**
     * @param baseUrl {@code http://host:port} of the Pushgateway
     * @throws IllegalArgumentException if it is not an http(s) URL
     */
    public Pushgateway(String baseUrl, String jobId, String workerId) {
        String base = baseUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new IllegalArgumentException("the Pushgateway URL '" + baseUrl + "' is not an http:// or https:// URL");
        }
        this.group = URI.create(base + "/metrics/job/wadi_worker/job_id/" + enc(jobId) + "/worker_id/" + enc(workerId));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public URI group() {
        return group;
    }

    /** Replaces the group's metrics with {@code text} (Prometheus text format 0.0.4). */
    public void push(String text) throws IOException, InterruptedException {
        send(put(text));
    }

    /**
     * Starts replacing the group's metrics without waiting for the answer, so that a slow
     * Pushgateway never holds the worker up; skipped (false) while the previous push is unanswered.
     *
     * @param failed told why a push failed
     */
    public synchronized boolean pushAsync(String text, java.util.function.Consumer<String> failed) {
        if (!inFlight.isDone()) {
            return false;
        }
        inFlight = http.sendAsync(put(text), HttpResponse.BodyHandlers.ofString()).whenComplete((r, t) -> {
            if (t != null) {
                failed.accept("pushing metrics to " + group + " failed: " + t);
            } else if (r.statusCode() / 100 != 2) {
                failed.accept("the Pushgateway answered PUT " + group + " with HTTP " + r.statusCode() + ": " + r.body());
            }
        });
        return true;
    }

    private HttpRequest put(String text) {
        return HttpRequest.newBuilder(group).timeout(TIMEOUT)
                .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(text)).build();
    }

    /** Removes the group, after the answer to a push still in flight (so that it cannot bring the group back). */
    public void delete() throws IOException, InterruptedException {
        CompletableFuture<?> last;
        synchronized (this) {
            last = inFlight;
        }
        try {
            last.get(TIMEOUT.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the push failed or hangs: delete anyway
        }
        send(HttpRequest.newBuilder(group).timeout(TIMEOUT).DELETE().build());
    }

    private void send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("the Pushgateway answered " + request.method() + " " + group + " with HTTP "
                    + r.statusCode() + ": " + r.body());
        }
    }
}
