package org.wadi.connector.webhook.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * An HTTP server on 127.0.0.1 (the JDK's) that records every request to {@code /hook} and answers
 * with the status {@link #answer} gives for the request's number (0, 1, …).
 */
final class TestHttpServer implements AutoCloseable {

    /** One request received. */
    record Received(String method, com.sun.net.httpserver.Headers headers, String body, long nanos) {
    }

    final List<Received> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger count = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    volatile IntUnaryOperator answer = n -> 200;

    static {
        // without it the JDK's server waits for delayed ACKs (about 40 ms a request) under load
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    TestHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = answer.applyAsInt(count.getAndIncrement());
        requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders(), body, System.nanoTime()));
        byte[] reply = (status < 300 ? "ok" : "unavailable: try later").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    /** The bodies received, in arrival order. */
    List<String> bodies() {
        return requests.stream().map(Received::body).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
