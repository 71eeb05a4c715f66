package org.wadi.worker.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.rpc.ClusterAuth;

/**
 * The receiving end of one connection from a peer: reads its HELLO, is handed to the session it
 * names, then passes each data frame to the channel it is for and sends credits back. Runs on the
 * connection's event loop and never blocks it: each frame goes to its {@link InChannel}, which
 * hands it to the consumer's queue without waiting (the channel's credit leaves room for it).
 */
final class InConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(InConnection.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataServer server;
    /** The challenge this side sent: the peer's HELLO must prove the cluster secret over it. */
    private final byte[] nonce = new byte[Frames.NONCE_BYTES];
    private volatile Channel channel;
    // on the event loop only
    private boolean helloSeen;
    private ExchangeSession session;
    private String peer;
    private Map<Integer, InChannel> channels;
    private boolean peerEnded;
    private Throwable cause;
    /** Why this side refused the connection, once it did. */
    private volatile String refusal;
    private volatile boolean closing;

    InConnection(DataServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        RANDOM.nextBytes(nonce);
        ctx.writeAndFlush(Frames.challenge(ctx.alloc(), nonce), ctx.voidPromise());
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            LOG.warn("Refused a data connection from {}: the TLS handshake failed: {}", ctx.channel().remoteAddress(),
                    done.cause().toString());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        boolean handedOver = false;
        try {
            if (closing) {
                // ended on purpose: what the peer still sends is not for anyone
                return;
            }
            int type = frame.getByte(frame.readerIndex());
            if (!helloSeen) {
                if (type != Frames.HELLO) {
                    reject("the first frame of a data connection must be HELLO, not " + Frames.name(type));
                    return;
                }
                helloSeen = true;
                frame.skipBytes(1);
                int version = frame.readInt();
                String key = Frames.readText(frame);
                String from = Frames.readText(frame);
                String to = Frames.readText(frame);
                if (version != Frames.VERSION) {
                    reject("worker " + to + " speaks version " + Frames.VERSION + " of the data protocol, not "
                            + version);
                    return;
                }
                byte[] proof = Frames.readBytes(frame, 1024);
                if (server.auth().hasSecret()
                        && !MessageDigest.isEqual(proof, Frames.proof(server.auth(), nonce, key, from, to))) {
                    String why = proof.length == 0 ? "it did not prove the cluster secret"
                            : "its proof does not match the cluster secret";
                    LOG.warn("Refused a data connection from {} claiming to be worker {}: {}",
                            ctx.channel().remoteAddress(), from, why);
                    reject("worker " + to + " refuses the data connection from " + from + ": " + why + " ("
                            + ClusterAuth.SECRET_ENV + ")");
                    return;
                }
                peer = from;
                server.hello(this, key, from, to);
                return;
            }
            switch (type) {
                case Frames.ROWS, Frames.WATERMARK, Frames.BARRIER, Frames.END -> {
                    int id = frame.getInt(frame.readerIndex() + 1);
                    InChannel c = channels == null ? null : channels.get(id);
                    if (c == null) {
                        reject("worker " + peer + " sent " + Frames.name(type) + " on channel " + id
                                + ", which is not one of its channels to " + workerId());
                        return;
                    }
                    handedOver = true;
                    if (!c.receive(frame)) {
                        reject("worker " + peer + " sent more than its credit on channel " + id);
                    }
                }
                case Frames.GOAWAY -> {
                    // everything before it has been read: close, so that the peer can close its end
                    peerEnded = true;
                    ctx.close();
                }
                default -> reject("unexpected " + Frames.name(type) + " frame from worker " + peer);
            }
        } catch (RuntimeException e) {
            reject("malformed frame from worker " + peer + ": " + e);
        } finally {
            if (!handedOver) {
                frame.release();
            }
        }
    }

    /** Taken by {@code session} for the channels from {@code peer} (any thread). */
    void attach(ExchangeSession session, Map<Integer, InChannel> channels) {
        Channel ch = channel;
        ch.eventLoop().execute(() -> {
            if (this.session != null || !ch.isActive()) {
                return;
            }
            this.session = session;
            this.channels = channels;
            ch.write(Frames.simple(ch.alloc(), Frames.WELCOME), ch.voidPromise());
            for (InChannel c : channels.values()) {
                ch.write(Frames.credit(ch.alloc(), c.id, c.credits), ch.voidPromise());
            }
            ch.flush();
        });
    }

    /** Refuses the connection after {@code millis} unless a session took it by then. */
    void rejectUnlessAttached(long millis, String message) {
        Channel ch = channel;
        ch.eventLoop().schedule(() -> {
            if (session == null && ch.isActive()) {
                server.forget(this);
                reject(message);
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** Tells the peer why, then closes (any thread). */
    void reject(String message) {
        Channel ch = channel;
        if (ch == null || closing) {
            return;
        }
        closing = true;
        refusal = message;
        LOG.warn("Data connection from worker {} to {} refused: {}", peer, ch.localAddress(), message);
        Frames.endWith(ch, Frames.fail(ch.alloc(), message));
    }

    /** Gives the sender of channel {@code id} {@code n} more credits (any thread). */
    void credit(int id, int n) {
        Channel ch = channel;
        if (!closing && ch.isActive()) {
            ch.writeAndFlush(Frames.credit(ch.alloc(), id, n), ch.voidPromise());
        }
    }

    /** Ends the connection on purpose: the session is closing (any thread). */
    void close() {
        Channel ch = channel;
        if (ch == null || closing) {
            return;
        }
        closing = true;
        Frames.endWith(ch, Frames.simple(ch.alloc(), Frames.GOAWAY));
    }

    private String workerId() {
        return session == null ? "this worker" : session.workerId();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
        cause = t;
        ctx.close();
    }

    /**
     * The connection is gone. Unless it ended on purpose (the peer's GOAWAY, or this session
     * closing), the channels whose END had not come fail their consumers at once: nothing more will
     * come on them.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        server.forget(this);
        String why = refusal;
        if (session != null && !peerEnded && (!closing || why != null)) {
            String message = why != null
                    ? "worker " + workerId() + " refused the data connection from worker " + peer + ": " + why
                    : "the data connection from worker " + peer + " at " + ctx.channel().remoteAddress()
                            + " broke before all its channels ended" + (cause == null ? "" : ": " + cause);
            boolean any = false;
            for (InChannel c : channels.values()) {
                if (!c.ended()) {
                    any = true;
                    c.broken(message);
                }
            }
            if (any) {
                session.inboundBroken(message);
            }
        }
        super.channelInactive(ctx);
    }
}
