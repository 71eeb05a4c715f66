package org.wadi.worker.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending end of the one connection from this worker to a peer, carrying every channel this
 * worker sends to it. It connects when the session opens, retrying (with a growing pause) until
 * the peer's server answers or the connect timeout has passed, says HELLO, and is ready when the
 * peer's session WELCOMEs it; from then on it hands the credits the peer grants to the channels.
 * Whatever ends it early — no connection in time, a refusal, a broken connection, the peer ending
 * on purpose — fails every channel with a message naming the peer.
 */
final class OutConnection {

    private static final Logger LOG = LoggerFactory.getLogger(OutConnection.class);
    private static final long FIRST_RETRY_MILLIS = 20;
    private static final long MAX_RETRY_MILLIS = 1000;

    private final ExchangeSession session;
    private final String peer;
    private final String host;
    private final int port;
    /** Filled while the execution is built, then only read. */
    private final Map<Integer, OutChannel> channels = new HashMap<>();
    private volatile Channel channel;
    private volatile boolean closing;
    /** Frames written by the task threads, not yet handed to the connection. */
    private final Queue<ByteBuf> outbox = new ConcurrentLinkedQueue<>();
    /** Whether a drain of the outbox is scheduled on the event loop. */
    private final AtomicBoolean draining = new AtomicBoolean();
    // on the event loop only
    private boolean welcomed;
    /** The peer ended on purpose, or the connection already failed every channel. */
    private boolean over;
    private Throwable cause;
    private long deadline;
    private long retryMillis = FIRST_RETRY_MILLIS;

    OutConnection(ExchangeSession session, String peer, String address) {
        this.session = session;
        this.peer = peer;
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("worker " + peer + " has no valid data address: '" + address + "'");
        }
        String h = address.substring(0, colon);
        this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        try {
            this.port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("worker " + peer + " has no valid data address: '" + address + "'");
        }
    }

    OutChannel channel(int id, RowCodec codec) {
        OutChannel c = new OutChannel(session, this, id, codec);
        if (channels.putIfAbsent(id, c) != null) {
            throw new IllegalArgumentException("channel " + id + " to worker " + peer + " is opened twice");
        }
        return c;
    }

    /** The connection; set before the first credit arrives. */
    Channel channel() {
        return channel;
    }

    private String where() {
        return "worker " + peer + " at " + host + ":" + port;
    }

    /** Starts connecting (once the session is open). */
    void open() {
        long timeout = session.server().connectTimeoutMillis();
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        session.server().group().next().execute(this::connect);
    }

    private void connect() {
        if (closing) {
            return;
        }
        ChannelFuture f = session.server().client().clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (session.server().clientTls() != null) {
                    ch.pipeline().addLast(session.server().clientTls().newHandler(ch.alloc(), host, port));
                }
                ch.pipeline().addLast(Frames.decoder(), new Handler());
            }
        }).connect(host, port);
        f.addListener((ChannelFutureListener) done -> {
            if (done.isSuccess()) {
                connected(done.channel());
                return;
            }
            if (closing) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                failAll(new ExchangeException("could not connect to " + where() + " within "
                        + session.server().connectTimeoutMillis() + " ms: " + done.cause(), false));
                return;
            }
            long pause = Math.min(retryMillis, TimeUnit.NANOSECONDS.toMillis(left) + 1);
            retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
            done.channel().eventLoop().schedule(this::connect, pause, TimeUnit.MILLISECONDS);
        });
    }

    private void connected(Channel ch) {
        channel = ch;
        if (closing) {
            ch.close();
            return;
        }
        // HELLO goes when the peer's CHALLENGE comes
        long left = Math.max(0, deadline - System.nanoTime());
        ch.eventLoop().schedule(() -> {
            if (!welcomed && ch.isActive()) {
                over = true;
                failAll(new ExchangeException(where() + " did not take the data connection within "
                        + session.server().connectTimeoutMillis() + " ms"
                        + (session.server().clientTls() == null ? " (if the cluster uses TLS, this worker does not:"
                                + " WADI_CLUSTER_TLS_*)" : ""), false));
                ch.close();
            }
        }, left, TimeUnit.NANOSECONDS);
    }

    /** The pipeline end of a connection: frames from the peer, and its end. */
    private final class Handler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                int type = frame.readByte();
                switch (type) {
                    case Frames.CHALLENGE -> {
                        byte[] nonce = new byte[Frames.NONCE_BYTES];
                        frame.readBytes(nonce);
                        ctx.writeAndFlush(Frames.hello(ctx.alloc(), session.key(), session.workerId(), peer,
                                Frames.proof(session.server().auth(), nonce, session.key(), session.workerId(), peer)),
                                ctx.voidPromise());
                    }
                    case Frames.WELCOME -> welcomed = true;
                    case Frames.CREDIT -> {
                        int id = frame.readInt();
                        int n = frame.readInt();
                        OutChannel c = channels.get(id);
                        if (c == null) {
                            protocolError(ctx, "credit for channel " + id + ", which this worker does not send on");
                        } else {
                            c.grant(n);
                        }
                    }
                    case Frames.FAIL -> {
                        String message = Frames.readText(frame);
                        over = true;
                        failAll(new ExchangeException(where() + " refused the data connection: " + message, false));
                        ctx.close();
                    }
                    case Frames.GOAWAY -> {
                        over = true;
                        failAll(new ExchangeException(where() + " ended its part of the data exchange", true));
                        ctx.close();
                    }
                    default -> protocolError(ctx, "unexpected " + Frames.name(type) + " frame");
                }
            } catch (RuntimeException e) {
                protocolError(ctx, "malformed frame: " + e);
            } finally {
                frame.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess() && !over && !closing) {
                over = true;
                failAll(new ExchangeException("the TLS handshake with " + where() + " failed: " + done.cause(),
                        false));
                ctx.close();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
            cause = t;
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!closing && !over) {
                failAll(new ExchangeException("the data connection to " + where() + " broke"
                        + (cause == null ? " (closed by the peer)" : ": " + cause), false));
            }
            super.channelInactive(ctx);
        }
    }

    private void protocolError(ChannelHandlerContext ctx, String what) {
        over = true;
        failAll(new ExchangeException(where() + " broke the data protocol: " + what, false));
        ctx.close();
    }

    /**
     * Writes a frame (any thread); a failure closes the connection and fails every channel. Frames
     * gather in an outbox that the event loop drains in one go, writing them all and flushing once:
     * the task threads hand over a burst of frames with one wake-up of the event loop, and the
     * socket takes them in one write.
     */
    void write(ByteBuf frame) {
        outbox.add(frame);
        if (draining.compareAndSet(false, true)) {
            Channel ch = channel;
            try {
                ch.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the event loops are shutting down: the connection is gone
                draining.set(false);
                releaseOutbox();
            }
        }
    }

    /** Writes every frame in the outbox, then flushes (event loop). */
    private void drain() {
        // cleared first: a frame added after the last poll below schedules another drain
        draining.set(false);
        Channel ch = channel;
        boolean any = false;
        ByteBuf frame;
        while ((frame = outbox.poll()) != null) {
            ch.write(frame, ch.voidPromise());
            any = true;
        }
        if (any) {
            ch.flush();
        }
    }

    private void releaseOutbox() {
        ByteBuf frame;
        while ((frame = outbox.poll()) != null) {
            frame.release();
        }
    }

    /** Fails every channel with {@code e} (each keeps the first failure it got). */
    private void failAll(ExchangeException e) {
        if (!closing && !e.peerEnded()) {
            LOG.warn("Worker {}: {}", session.workerId(), e.getMessage());
        }
        for (OutChannel c : channels.values()) {
            c.fail(e);
        }
    }

    /**
     * Ends the connection on purpose: GOAWAY after everything written before, then closed once the
     * peer read it. A channel still waiting for credit fails as ended (any thread).
     */
    void close() {
        closing = true;
        failAll(new ExchangeException("the data exchange of worker " + session.workerId() + " is closed", true));
        Channel ch = channel;
        if (ch != null) {
            // after what the outbox still holds: the drain runs before this on the event loop
            try {
                ch.eventLoop().execute(() -> {
                    drain();
                    Frames.endWith(ch, Frames.simple(ch.alloc(), Frames.GOAWAY));
                });
            } catch (RejectedExecutionException e) {
                releaseOutbox();
            }
        }
    }
}
