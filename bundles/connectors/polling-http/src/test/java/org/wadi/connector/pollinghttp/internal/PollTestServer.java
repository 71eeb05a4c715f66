package org.wadi.connector.pollinghttp.internal;

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
import java.util.function.IntFunction;

/**
 * An HTTP server on 127.0.0.1 (the JDK's) that records every request to {@code /poll} and answers
 * the request numbered n (0, 1, …) with {@link #answer}{@code (n)}.
 */
final class PollTestServer implements AutoCloseable {

    /** An answer: its status and body. */
    record Answer(int status, String body) {
        static Answer ok(String body) {
            return new Answer(200, body);
        }
    }

    /** One request received. */
    record Received(String method, com.sun.net.httpserver.Headers headers, String body) {
    }

    static {
        // without it the JDK's server waits for delayed ACKs under load
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final List<Received> requests = Collections.synchronizedList(new ArrayList<>());
    volatile IntFunction<Answer> answer = n -> Answer.ok("{\"id\": " + n + ", \"name\": \"n" + n + "\"}");
    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpServer server;

    PollTestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/poll", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/poll";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders(), body));
        Answer a = answer.apply(count.getAndIncrement());
        byte[] reply = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(a.status(), reply.length == 0 ? -1 : reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
