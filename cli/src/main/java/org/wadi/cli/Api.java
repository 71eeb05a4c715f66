package org.wadi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** The few calls {@code bin/wadi run} makes to its server's REST API. */
final class Api {

    /** A response: status and body. */
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return Run.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
            }
        }

        /** The API's error message, or the body. */
        String error() {
            try {
                JsonNode error = Run.JSON.readTree(body).path("error");
                return error.isMissingNode() ? status + " " + body : error.asText();
            } catch (IOException e) {
                return status + " " + body;
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    Api(int port) {
        this.port = port;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    boolean ok(String path) {
        try {
            return send(HttpRequest.newBuilder(uri(path)).GET()).status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response patch(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The pipeline's newest job, or {@code null} while it has none. */
    String latestJob(String pipelineId) {
        JsonNode jobs = get("/api/v1/pipelines/" + pipelineId + "/jobs").json().path("data");
        return jobs.isArray() && jobs.size() > 0 ? jobs.get(0).path("id").asText() : null;
    }

    String awaitJob(String pipelineId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String id = latestJob(pipelineId);
            if (id != null) {
                return id;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    JsonNode job(String pipelineId, String jobId) {
        return get("/api/v1/pipelines/" + pipelineId + "/jobs/" + jobId).json();
    }

    /**
     * Streams the job's output (server-sent events of its preview sinks) on a daemon thread,
     * handing each row's JSON to {@code rows}; reconnects while the job runs.
     */
    Thread streamOutput(String pipelineId, String jobId, Consumer<String> rows) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/pipelines/" + pipelineId + "/jobs/" + jobId
                        + "/output")).header("Accept", "text/event-stream").GET().build();
                try {
                    HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    if (r.statusCode() != 200) {
                        r.body().close();
                        Thread.sleep(500);
                        continue;
                    }
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.startsWith("data:")) {
                                JsonNode event = Run.JSON.readTree(line.substring(5).trim());
                                rows.accept(event.path("value").asText());
                            }
                        }
                    }
                } catch (IOException e) {
                    // the server went away or the stream broke: try again while not interrupted
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException ie) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "wadi-run-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
