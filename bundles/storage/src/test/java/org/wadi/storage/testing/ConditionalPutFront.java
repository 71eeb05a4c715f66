package org.wadi.storage.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP front of s3proxy that adds what s3proxy 2.7.0 lacks: S3's conditional write
 * ({@code PutObject} with {@code If-None-Match: *} answered 412 when the key exists). s3proxy reads
 * {@code If-None-Match} for GET and HEAD only and overwrites on PUT, so tests of code that creates
 * objects only if absent talk to this front instead. Requests pass through byte for byte (their
 * signatures stay valid); a conditional {@code PutObject} is first checked against the backend's
 * folder and against the keys earlier conditional puts claimed, under one lock, so of writers
 * racing for a key exactly one goes through and the others get S3's 412 {@code PreconditionFailed}.
 * A key stays claimed even if the backend then fails the put; tests here do not rely on that case.
 */
public final class ConditionalPutFront implements AutoCloseable {

    private final ServerSocket server;
    private final String backendHost;
    private final int backendPort;
    private final Path baseDir;
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * @param backend the s3proxy endpoint, {@code http://127.0.0.1:port}
     * @param baseDir the folder of its filesystem backend (a bucket per sub-folder)
     */
    public ConditionalPutFront(String backend, Path baseDir) throws IOException {
        URI uri = URI.create(backend);
        this.backendHost = uri.getHost();
        this.backendPort = uri.getPort();
        this.baseDir = baseDir;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "s3-conditional-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** How many conditional puts were refused with 412 so far. */
    public int refused() {
        return refused.get();
    }

    /** The endpoint clients use. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "s3-conditional-front-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket backend = new Socket(backendHost, backendPort)) {
            InputStream in = client.getInputStream();
            OutputStream toBackend = backend.getOutputStream();
            Thread pipe = new Thread(() -> pipe(backend, client), "s3-conditional-front-pipe");
            pipe.setDaemon(true);
            pipe.start();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String[] lines = text.split("\r\n");
                String[] requestLine = lines[0].split(" ");
                Map<String, String> headers = new HashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) {
                        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                lines[i].substring(colon + 1).trim());
                    }
                }
                if (isConditionalPut(requestLine, headers)) {
                    String key = objectPath(requestLine[1]);
                    boolean taken;
                    synchronized (lock) {
                        taken = Files.exists(baseDir.resolve(key)) || !claimed.add(key);
                    }
                    if (taken) {
                        refused.incrementAndGet();
                        refuse(in, client.getOutputStream(), headers);
                        return;
                    }
                }
                toBackend.write(head);
                copyBody(in, toBackend, headers);
                toBackend.flush();
            }
        } catch (IOException e) {
            // a connection closed by either side
        }
    }

    private static boolean isConditionalPut(String[] requestLine, Map<String, String> headers) {
        return requestLine.length >= 2 && requestLine[0].equals("PUT") && "*".equals(headers.get("if-none-match"))
                && !requestLine[1].contains("uploadId=") && !headers.containsKey("x-amz-copy-source");
    }

    /** {@code bucket/key} of a path-style request target, decoded. */
    private static String objectPath(String target) {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        return URLDecoder.decode(path.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** S3's answer to a conditional put of a key that exists; the connection closes after it. */
    private static void refuse(InputStream in, OutputStream out, Map<String, String> headers) throws IOException {
        if (!"100-continue".equalsIgnoreCase(headers.get("expect"))) {
            copyBody(in, OutputStream.nullOutputStream(), headers);
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PreconditionFailed</Code><Message>At "
                + "least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match"
                + "</Condition></Error>").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 412 Precondition Failed\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        synchronized (out) {
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        }
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static void copyBody(InputStream in, OutputStream out, Map<String, String> headers) throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            copy(in, out, Long.parseLong(length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String sizeLine = readLine(in, out);
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    while (!readLine(in, out).isEmpty()) {
                        // trailers
                    }
                    return;
                }
                copy(in, out, size);
                readLine(in, out);
            }
        }
    }

    private static String readLine(InputStream in, OutputStream out) throws IOException {
        StringBuilder line = new StringBuilder();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a chunked body");
            }
            out.write(b);
            if (previous == '\r' && b == '\n') {
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
            previous = b;
        }
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (r < 0) {
                throw new IOException("connection closed inside a body");
            }
            out.write(buffer, 0, r);
            n -= r;
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
