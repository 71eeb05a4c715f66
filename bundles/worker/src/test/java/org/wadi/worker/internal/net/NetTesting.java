package org.wadi.worker.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.TableRequest;
import org.wadi.worker.internal.runtime.ExecutionListener;

/** Helpers of the data exchange tests: a report recorder, a sink that can be held, a TCP proxy. */
final class NetTesting {

    private NetTesting() {
    }

    /** Polls {@code condition} until it holds, failing after 20 s. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 20 s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    /** Records every report of an execution as text, e.g. {@code FINISHED sink_3#0}. */
    static final class Reports implements ExecutionListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void running(String operatorId, int subtask) {
            events.add("RUNNING " + operatorId + "#" + subtask);
        }

        @Override
        public void finished(String operatorId, int subtask) {
            events.add("FINISHED " + operatorId + "#" + subtask);
        }

        @Override
        public void failed(String operatorId, int subtask, String error, String domain) {
            events.add("FAILED " + operatorId + "#" + subtask + " " + domain + ": " + error);
        }

        @Override
        public void output(String operatorId, int subtask, List<String> jsonRows) {
        }

        List<String> failures() {
            return events.stream().filter(e -> e.startsWith("FAILED")).toList();
        }
    }

    /**
     * A sink connector under a name of its own, keeping every row by subtask; with option
     * {@code block}, every write waits for {@link #release}.
     */
    static final class Held implements Connector {
        final String name;
        final Map<Integer, List<Object[]>> rows = new ConcurrentHashMap<>();
        final CountDownLatch release = new CountDownLatch(1);

        Held(String name) {
            this.name = name;
        }

        long count() {
            return rows.values().stream().mapToLong(List::size).sum();
        }

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata(name, name, null, null, false, true, false, false, false, true, null, null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Sink createSink(ConnectorTable table) {
            boolean block = Boolean.parseBoolean(table.options().getOrDefault("block", "false"));
            return new Sink() {
                List<Object[]> mine;

                @Override
                public void open(SinkContext context, byte[] restoredState) {
                    mine = rows.computeIfAbsent(context.task().subtaskIndex(),
                            k -> Collections.synchronizedList(new ArrayList<>()));
                }

                @Override
                public void write(Object[] row) throws InterruptedException {
                    if (block) {
                        release.await();
                    }
                    mine.add(row);
                }
            };
        }
    }

    /**
     * Forwards TCP connections from a local port to a target, until {@link #kill}ed: then every
     * connection through it breaks at once, as a network failure would break them.
     */
    static final class TcpProxy implements AutoCloseable {
        private final ServerSocket server;
        private final String host;
        private final int port;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        /** Listens on {@code listenPort} (0: any free one) and forwards to {@code target} ({@code host:port}). */
        TcpProxy(int listenPort, String target) throws IOException {
            int colon = target.lastIndexOf(':');
            host = target.substring(0, colon);
            port = Integer.parseInt(target.substring(colon + 1));
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
            Thread accept = new Thread(this::accept, "test-proxy");
            accept.setDaemon(true);
            accept.start();
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket in = server.accept();
                    Socket out = new Socket(host, port);
                    sockets.add(in);
                    sockets.add(out);
                    CountDownLatch directions = new CountDownLatch(2);
                    pump(in, out, directions);
                    pump(out, in, directions);
                }
            } catch (IOException e) {
                // killed
            }
        }

        /**
         * Copies {@code from} to {@code to}; at its end passes the half-close on, as TCP would, and
         * closes both sockets once both directions have ended.
         */
        private static void pump(Socket from, Socket to, CountDownLatch directions) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[64 * 1024];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        out.write(buf, 0, n);
                    }
                    to.shutdownOutput();
                } catch (IOException e) {
                    // a side broke or the proxy was killed: the other direction ends too
                    directions.countDown();
                }
                directions.countDown();
                try {
                    if (directions.await(30, TimeUnit.SECONDS)) {
                        to.close();
                        from.close();
                    }
                } catch (InterruptedException | IOException e) {
                    // closing anyway
                }
            }, "test-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        /** Breaks every connection through the proxy (reset, as when a link fails) and takes no more. */
        void kill() throws IOException {
            server.close();
            for (Socket s : sockets) {
                if (!s.isClosed()) {
                    s.setSoLinger(true, 0);
                    s.close();
                }
            }
        }

        @Override
        public void close() throws IOException {
            kill();
        }
    }

    /** A local port where nothing listens (bound, then released). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
