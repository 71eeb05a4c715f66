package org.wadi.connector.websocket.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A minimal RFC 6455 server on 127.0.0.1 for the tests: it answers the opening handshake (or
 * refuses it with {@link #refuseWith}), then lets {@link #script} read the client's frames and send
 * its own (unmasked, as a server sends them). The request headers of each connection are kept.
 */
final class WsTestServer implements AutoCloseable {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** Serves one upgraded connection. */
    @FunctionalInterface
    interface Script {
        void serve(int connection, Conn conn) throws Exception;
    }

    /** One frame received from the client, unmasked. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** One upgraded connection. */
    final class Conn {
        private final DataInputStream in;
        private final OutputStream out;

        Conn(InputStream in, OutputStream out) {
            this.in = new DataInputStream(in);
            this.out = out;
        }

        Frame read() throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] mask = new byte[4];
            if ((b1 & 0x80) != 0) {
                in.readFully(mask);
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
        }

        void send(boolean fin, int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                f.write(payload.length);
            } else if (payload.length < 65536) {
                f.write(126);
                f.write(payload.length >>> 8);
                f.write(payload.length & 0xFF);
            } else {
                f.write(127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
                }
            }
            f.write(payload);
            synchronized (out) {
                out.write(f.toByteArray());
                out.flush();
            }
        }

        void text(String text) throws IOException {
            send(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends a close frame with {@code code} and {@code reason}. */
        void close(int code, String reason) throws IOException {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] p = new byte[2 + r.length];
            p[0] = (byte) (code >>> 8);
            p[1] = (byte) code;
            System.arraycopy(r, 0, p, 2, r.length);
            send(true, CLOSE, p);
        }

        /** Keeps the connection open until the server closes. */
        void hold() throws InterruptedException {
            stopped.await();
        }
    }

    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    volatile int refuseWith;
    private final ServerSocket server;
    private final Script script;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    WsTestServer(Script script) throws IOException {
        this.script = script;
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::accept, "ws-test-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/ws";
    }

    private void accept() {
        int n = 0;
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                int connection = n++;
                Thread t = new Thread(() -> serve(connection, s), "ws-test-" + connection);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(int connection, Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            Map<String, String> headers = new TreeMap<>();
            String line = readLine(in);
            while (!(line = readLine(in)).isEmpty()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            requests.add(headers);
            OutputStream out = s.getOutputStream();
            if (refuseWith != 0) {
                out.write(("HTTP/1.1 " + refuseWith + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    (headers.get("sec-websocket-key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                            .getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            script.serve(connection, new Conn(in, out));
        } catch (Exception e) {
            // the client went away or the test ended
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        stopped.countDown();
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
