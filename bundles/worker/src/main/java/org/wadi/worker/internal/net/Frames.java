package org.wadi.worker.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.wadi.rpc.ClusterAuth;

/**
 * The frames of the data protocol. Each is a four-byte length, then a type byte, then its body;
 * data and credit frames name their channel next, as a four-byte id.
 *
 * <pre>
 * CHALLENGE nonce                                          receiver → sender, first
 * HELLO     version, session key, from worker, to worker,  sender → receiver, on CHALLENGE
 *           proof (HMAC of nonce, key, from, to under the cluster secret; empty without one)
 * WELCOME                                                  receiver → sender: the receiver is ready
 * FAIL      message                                        receiver → sender: refused, then closed
 * CREDIT    channel, n                                     receiver → sender: n more elements may come
 * ROWS      channel, rows ({@link RowCodec})               sender → receiver, one credit each
 * WATERMARK channel, watermark                             sender → receiver, one credit
 * BARRIER   channel, epoch, then-stop                      sender → receiver, one credit
 * END       channel                                        sender → receiver, one credit
 * GOAWAY                                                   either way: ending on purpose, then closed
 * </pre>
 *
 * <p>The side that ends a connection (GOAWAY, FAIL) only half-closes it and lets the other side,
 * which closes on reading it, close first: a side that closes while its peer still writes makes the
 * peer's socket reset, and a reset discards what the peer had received and not yet read — the
 * final frames.
 */
final class Frames {

    static final int HELLO = 1;
    static final int WELCOME = 2;
    static final int FAIL = 3;
    static final int CREDIT = 4;
    static final int ROWS = 5;
    static final int WATERMARK = 6;
    static final int BARRIER = 7;
    static final int END = 8;
    static final int GOAWAY = 9;
    static final int CHALLENGE = 10;

    /** 3: the receiver challenges, the sender's HELLO proves the cluster secret. */
    static final int VERSION = 3;
    /** Bytes of a CHALLENGE's nonce. */
    static final int NONCE_BYTES = 16;
    /** The largest frame: a batch must encode to less. */
    static final int MAX_FRAME = 1 << 30;
    /** How long a side that ended a connection waits for its peer to close it. */
    static final long LINGER_MILLIS = 5_000;

    private Frames() {
    }

    /** Splits the byte stream into frames (without their length). */
    static LengthFieldBasedFrameDecoder decoder() {
        return new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4);
    }

    /** A frame being written: its length is filled in by {@link #finish}. */
    static ByteBuf start(ByteBufAllocator alloc, int type, int capacity) {
        ByteBuf buf = alloc.ioBuffer(capacity);
        buf.writeInt(0);
        buf.writeByte(type);
        return buf;
    }

    static ByteBuf finish(ByteBuf frame) {
        int length = frame.writerIndex() - 4;
        if (length > MAX_FRAME) {
            frame.release();
            throw new IllegalArgumentException("a batch encodes to " + length + " bytes, more than the " + MAX_FRAME
                    + " one frame of the data exchange may hold: use smaller batches");
        }
        frame.setInt(0, length);
        return frame;
    }

    static ByteBuf hello(ByteBufAllocator alloc, String key, String from, String to, byte[] proof) {
        ByteBuf b = start(alloc, HELLO, 96);
        b.writeInt(VERSION);
        writeText(b, key);
        writeText(b, from);
        writeText(b, to);
        b.writeInt(proof.length);
        b.writeBytes(proof);
        return finish(b);
    }

    static ByteBuf challenge(ByteBufAllocator alloc, byte[] nonce) {
        ByteBuf b = start(alloc, CHALLENGE, 8 + nonce.length);
        b.writeBytes(nonce);
        return finish(b);
    }

    /** What a HELLO proves: the HMAC under the cluster secret of the challenge and the names. */
    static byte[] proof(ClusterAuth auth, byte[] nonce, String key, String from, String to) {
        if (!auth.hasSecret()) {
            return new byte[0];
        }
        return auth.mac(nonce, key.getBytes(StandardCharsets.UTF_8), from.getBytes(StandardCharsets.UTF_8),
                to.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] readBytes(ByteBuf b, int max) {
        int n = b.readInt();
        if (n < 0 || n > max || n > b.readableBytes()) {
            throw new IllegalArgumentException("malformed field of " + n + " bytes");
        }
        byte[] bytes = new byte[n];
        b.readBytes(bytes);
        return bytes;
    }

    static ByteBuf simple(ByteBufAllocator alloc, int type) {
        return finish(start(alloc, type, 8));
    }

    static ByteBuf fail(ByteBufAllocator alloc, String message) {
        ByteBuf b = start(alloc, FAIL, 64);
        writeText(b, message);
        return finish(b);
    }

    static ByteBuf credit(ByteBufAllocator alloc, int channel, int n) {
        ByteBuf b = start(alloc, CREDIT, 16);
        b.writeInt(channel);
        b.writeInt(n);
        return finish(b);
    }

    /** A WATERMARK, BARRIER or END frame. */
    static ByteBuf control(ByteBufAllocator alloc, int type, int channel, long value, boolean flag) {
        ByteBuf b = start(alloc, type, 24);
        b.writeInt(channel);
        if (type != END) {
            b.writeLong(value);
        }
        if (type == BARRIER) {
            b.writeBoolean(flag);
        }
        return finish(b);
    }

    /**
     * Writes {@code last} (GOAWAY or FAIL) and half-closes {@code ch}: the peer reads everything up to
     * it and closes; if it has not within {@value #LINGER_MILLIS} ms, {@code ch} is closed anyway.
     */
    static void endWith(Channel ch, ByteBuf last) {
        ch.writeAndFlush(last).addListener(f -> {
            if (!f.isSuccess() || !(ch instanceof DuplexChannel duplex)) {
                ch.close();
                return;
            }
            duplex.shutdownOutput();
            ch.eventLoop().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    static void writeText(ByteBuf b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.writeInt(bytes.length);
        b.writeBytes(bytes);
    }

    static String readText(ByteBuf b) {
        int n = b.readInt();
        if (n < 0 || n > b.readableBytes()) {
            throw new IllegalArgumentException("malformed text of " + n + " bytes");
        }
        String s = b.toString(b.readerIndex(), n, StandardCharsets.UTF_8);
        b.skipBytes(n);
        return s;
    }

    static String name(int type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case WELCOME -> "WELCOME";
            case FAIL -> "FAIL";
            case CREDIT -> "CREDIT";
            case ROWS -> "ROWS";
            case WATERMARK -> "WATERMARK";
            case BARRIER -> "BARRIER";
            case END -> "END";
            case GOAWAY -> "GOAWAY";
            case CHALLENGE -> "CHALLENGE";
            default -> "unknown frame type " + type;
        };
    }
}
