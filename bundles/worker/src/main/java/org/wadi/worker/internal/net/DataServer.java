package org.wadi.worker.internal.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.wadi.rpc.ClusterAuth;

/**
 * A worker's end of the data exchange: the TCP server its peers connect to, and the event loops of
 * every connection it makes or accepts. One per worker, open from its start to its end; the
 * address goes to the controller with the worker's registration, and from there to every peer.
 *
 * <p>An accepted connection names the session (job and run) and worker it is for; it waits, for
 * at most the connect timeout, until that worker's execution has been built and has
 * {@link ExchangeSession#open opened} its session, then is handed to it.
 *
 * <p>With the cluster's {@link ClusterAuth credentials}, a peer proves it belongs: its HELLO
 * carries an HMAC under the cluster secret of the fresh challenge this server sent it, and with
 * TLS every connection is encrypted and both ends show a certificate signed by the cluster's
 * authority (peers are reached by address, so host names are not checked: the authority and the
 * secret say who belongs).
 */
public final class DataServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel server;
    private final String address;
    private final long connectTimeoutMillis;
    private final Bootstrap client;
    private final ClusterAuth auth;
    /** TLS of the connections this server accepts and makes; null: plaintext. */
    private final SslContext serverTls;
    private final SslContext clientTls;
    private final Set<Channel> accepted = ConcurrentHashMap.newKeySet();
    // guarded by this
    private final Map<String, ExchangeSession> sessions = new HashMap<>();
    private final Map<String, List<Waiting>> waiting = new HashMap<>();
    private boolean closed;

    private record Waiting(InConnection connection, String from) {
    }

    private DataServer(EventLoopGroup group, Channel server, String advertisedHost, long connectTimeoutMillis,
            ClusterAuth auth, SslContext serverTls, SslContext clientTls) {
        this.group = group;
        this.server = server;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.auth = auth;
        this.serverTls = serverTls;
        this.clientTls = clientTls;
        InetSocketAddress local = (InetSocketAddress) server.localAddress();
        String host = advertisedHost != null && !advertisedHost.isBlank() ? advertisedHost.strip()
                : local.getAddress().isAnyLocalAddress() ? machineAddress() : local.getHostString();
        this.address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + local.getPort();
        this.client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis));
    }

    /**
     * Opens the server on {@code host} (an address of this machine: {@code 127.0.0.1} keeps the
     * data exchange on this machine) at an ephemeral port.
     *
     * @param connectTimeoutMillis how long a connection to a peer is retried before the channels
     *     using it fail, and how long an accepted connection waits for its session
     */
    public static DataServer open(String host, long connectTimeoutMillis) throws IOException {
        return open(host, null, connectTimeoutMillis);
    }

    /**
     * Opens the server on {@code host} at an ephemeral port, telling peers to reach it at
     * {@code advertisedHost}. Without one, peers are told {@code host} — or, when {@code host} is a
     * wildcard ({@code 0.0.0.0}, {@code ::}: every interface), an address of this machine's first
     * interface that is up and not a loopback (a loopback address if there is none).
     */
    public static DataServer open(String host, String advertisedHost, long connectTimeoutMillis) throws IOException {
        return open(host, advertisedHost, connectTimeoutMillis, ClusterAuth.NONE);
    }

    /**
     * As {@link #open(String, String, long)}, with the cluster's credentials {@code auth}: peers
     * must prove they belong (and are asked to when this server connects to them).
     */
    public static DataServer open(String host, String advertisedHost, long connectTimeoutMillis, ClusterAuth auth)
            throws IOException {
        SslContext serverTls = null;
        SslContext clientTls = null;
        if (auth.tls() != null) {
            ClusterAuth.Tls tls = auth.tls();
            try {
                serverTls = SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile())
                        .trustManager(tls.authority().toFile()).clientAuth(ClientAuth.REQUIRE).build();
                clientTls = SslContextBuilder.forClient().trustManager(tls.authority().toFile())
                        .keyManager(tls.certificate().toFile(), tls.privateKey().toFile()).build();
            } catch (SSLException | IllegalArgumentException e) {
                throw new IOException("cannot set up TLS for the data server with " + tls.certificate() + ", "
                        + tls.privateKey() + " and " + tls.authority() + ": " + e.getMessage(), e);
            }
        }
        SslContext acceptTls = serverTls;
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("wadi-data", true),
                NioIoHandler.newFactory());
        DataServer[] self = new DataServer[1];
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            DataServer s = self[0];
                            if (s == null) {
                                ch.close();
                                return;
                            }
                            s.accepted.add(ch);
                            ch.closeFuture().addListener(f -> s.accepted.remove(ch));
                            if (acceptTls != null) {
                                ch.pipeline().addLast(acceptTls.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(Frames.decoder(), new InConnection(s));
                        }
                    })
                    .bind(host, 0).sync().channel();
            self[0] = new DataServer(group, server, advertisedHost, connectTimeoutMillis, auth, serverTls, clientTls);
            return self[0];
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cannot open the data server on " + host + ": " + e, e);
        }
    }

    /** An address of this machine for peers: of the first interface up and not a loopback, IPv4 first. */
    static String machineAddress() {
        String v6 = null;
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
                        continue;
                    }
                    if (a instanceof Inet4Address) {
                        return a.getHostAddress();
                    }
                    if (v6 == null) {
                        v6 = a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to list: the loopback below
        }
        return v6 != null ? v6 : InetAddress.getLoopbackAddress().getHostAddress();
    }

    /** {@code host:port} where peers reach this server. */
    public String address() {
        return address;
    }

    /**
     * A new session of the exchange for one execution: {@code workerId}'s part of run {@code key}
     * (the same on every worker of the run), reaching its peers at {@code peerAddresses}
     * ({@code host:port} by worker id).
     */
    public ExchangeSession session(String key, String workerId, Map<String, String> peerAddresses) {
        return new ExchangeSession(this, key, workerId, peerAddresses);
    }

    long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    Bootstrap client() {
        return client;
    }

    ClusterAuth auth() {
        return auth;
    }

    /** TLS for the connections this server's worker makes; null: plaintext. */
    SslContext clientTls() {
        return clientTls;
    }

    EventLoopGroup group() {
        return group;
    }

    /** The session now takes connections; those already waiting for it are handed to it. */
    void register(ExchangeSession session) {
        List<Waiting> ready;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the data server at " + address + " is closed");
            }
            String k = key(session.key(), session.workerId());
            sessions.put(k, session);
            ready = waiting.remove(k);
        }
        if (ready != null) {
            for (Waiting w : ready) {
                session.accept(w.connection(), w.from());
            }
        }
    }

    synchronized void unregister(ExchangeSession session) {
        sessions.remove(key(session.key(), session.workerId()), session);
    }

    /**
     * A peer said who it is: hands its connection to the session, or keeps it until the session is
     * opened, refusing it when that takes longer than the connect timeout.
     */
    void hello(InConnection connection, String key, String from, String to) {
        ExchangeSession session;
        synchronized (this) {
            String k = key(key, to);
            session = sessions.get(k);
            if (session == null) {
                waiting.computeIfAbsent(k, x -> new ArrayList<>()).add(new Waiting(connection, from));
            }
        }
        if (session != null) {
            session.accept(connection, from);
            return;
        }
        connection.rejectUnlessAttached(connectTimeoutMillis, "worker " + to + " at " + address
                + " has not started its part of " + key + " within " + connectTimeoutMillis + " ms");
    }

    /** A connection that closed while it waited for its session. */
    synchronized void forget(InConnection connection) {
        for (List<Waiting> list : waiting.values()) {
            list.removeIf(w -> w.connection() == connection);
        }
        waiting.values().removeIf(List::isEmpty);
    }

    private static String key(String session, String worker) {
        return session + "\n" + worker;
    }

    /** Closes the server, every connection still open and the event loops. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (Channel ch : accepted) {
            ch.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "data server at " + address;
    }
}
