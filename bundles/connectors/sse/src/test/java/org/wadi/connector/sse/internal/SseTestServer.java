package org.wadi.connector.sse.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event-stream server on 127.0.0.1 (the JDK's HTTP server): each connection to {@code /events}
 * is answered by {@link #script} for its number (0, 1, …); the request headers of every connection
 * are kept.
 */
final class SseTestServer implements AutoCloseable {

    /** Answers one connection. */
    @FunctionalInterface
    interface Script {
        void serve(int connection, Stream stream) throws IOException, InterruptedException;
    }

    /** The response of one connection. */
    final class Stream {
        private final HttpExchange exchange;
        private OutputStream out;

        Stream(HttpExchange exchange) {
            this.exchange = exchange;
        }

        /** Answers {@code status} (200 starts an event stream). */
        void status(int status, String contentType) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, status == 200 ? 0 : -1);
            out = exchange.getResponseBody();
        }

        /** Writes raw event-stream text and flushes it. */
        void send(String text) throws IOException {
            if (out == null) {
                status(200, "text/event-stream");
            }
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Keeps the stream open until the server closes. */
        void hold() throws InterruptedException {
            stopped.await();
        }
    }

    final List<com.sun.net.httpserver.Headers> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final Script script;

    SseTestServer(Script script) throws IOException {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestHeaders());
        Stream stream = new Stream(exchange);
        try {
            script.serve(connections.getAndIncrement(), stream);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
