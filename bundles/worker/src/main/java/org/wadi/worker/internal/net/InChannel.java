package org.wadi.worker.internal.net;

import io.netty.buffer.ByteBuf;

/**
 * The receiving end of one channel. Frames arrive on the connection's event loop and go straight
 * to the {@link Inbound} (rows still encoded: the consumer decodes them); at most {@link #credits}
 * of them are out at once — received and not yet taken by the consumer, since the sender holds no
 * more credit. Each element the consumer {@linkplain #taken takes} earns the sender a credit back;
 * credits go back a few at a time, in one frame, so that a busy channel costs the event loop one
 * credit frame per several batches rather than one per batch.
 */
public final class InChannel {

    final int id;
    final int credits;
    private final String peer;
    private final RowCodec codec;
    private final Inbound inbound;
    private final ExchangeSession session;
    /** Credits taken back before they are returned in one frame: at most {@link #credits}, so none is held back forever. */
    private final int creditBatch;
    private volatile InConnection connection;
    // guarded by this
    /** Elements received whose credit has not been given back yet. */
    private int outstanding;
    /** Elements taken whose credit is not on its way back yet. */
    private int unreturned;
    private boolean closed;
    /** END was received (event loop only). */
    private boolean ended;

    InChannel(ExchangeSession session, String peer, int id, RowCodec codec, int credits, Inbound inbound) {
        this.session = session;
        this.peer = peer;
        this.id = id;
        this.codec = codec;
        this.credits = credits;
        this.inbound = inbound;
        this.creditBatch = Math.max(1, credits / 4);
    }

    void connect(InConnection connection) {
        this.connection = connection;
    }

    /**
     * A frame for this channel, handed over (on the event loop).
     *
     * @return false when the sender exceeded its credit (the frame is dropped)
     */
    boolean receive(ByteBuf frame) {
        synchronized (this) {
            if (closed) {
                frame.release();
                return true;
            }
            if (outstanding >= credits) {
                frame.release();
                return false;
            }
            outstanding++;
        }
        session.buffered(1);
        int type = frame.readByte();
        frame.skipBytes(4);
        if (type == Frames.ROWS) {
            inbound.rows(new EncodedRows(frame, codec));
            return true;
        }
        try {
            switch (type) {
                case Frames.WATERMARK -> inbound.watermark(frame.readLong());
                case Frames.BARRIER -> {
                    long epoch = frame.readLong();
                    inbound.barrier(epoch, frame.readBoolean());
                }
                case Frames.END -> {
                    ended = true;
                    inbound.end();
                }
                default -> throw new IllegalArgumentException("unexpected " + Frames.name(type) + " frame");
            }
        } finally {
            frame.release();
        }
        return true;
    }

    /**
     * The consumer took one element of this channel (its thread): the sender may send one more.
     * The credit goes back once {@code credits / 4} have gathered.
     */
    public void taken() {
        int n;
        synchronized (this) {
            if (closed) {
                return;
            }
            outstanding--;
            unreturned++;
            if (unreturned < creditBatch) {
                n = 0;
            } else {
                n = unreturned;
                unreturned = 0;
            }
        }
        session.buffered(-1);
        InConnection c = connection;
        if (n > 0 && c != null) {
            c.credit(id, n);
        }
    }

    /** Whether the sender's END arrived (event loop). */
    boolean ended() {
        return ended;
    }

    /** The connection ended before this channel did: the consumer fails with {@code message} (event loop). */
    void broken(String message) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        inbound.broken(message);
    }

    /** No more is taken: what arrives from now on is dropped. */
    void close() {
        int dropped;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            dropped = outstanding;
            outstanding = 0;
        }
        session.buffered(-dropped);
    }

    @Override
    public String toString() {
        return "channel " + id + " from worker " + peer;
    }
}
