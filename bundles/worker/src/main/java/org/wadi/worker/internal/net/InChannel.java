package org.wadi.worker.internal.net;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * The receiving end of one channel: frames arrive on the event loop and wait here (at most
 * {@link #credits} of them: the sender holds no more credit) until a delivery thread decodes them
 * and hands them to the {@link Inbound}, in order; each element delivered gives the sender one
 * credit back. A delivery that blocks (the target's queue is full) holds back only this channel.
 */
final class InChannel implements Runnable {

    final int id;
    final int credits;
    private final String peer;
    private final RowCodec codec;
    private final Inbound inbound;
    private final ExchangeSession session;
    private volatile InConnection connection;
    // guarded by this
    private final ArrayDeque<ByteBuf> staged = new ArrayDeque<>();
    /** Frames received whose credit has not been given back yet. */
    private int outstanding;
    /** Whether a delivery thread is draining {@link #staged}. */
    private boolean scheduled;
    private boolean closed;

    InChannel(ExchangeSession session, String peer, int id, RowCodec codec, int credits, Inbound inbound) {
        this.session = session;
        this.peer = peer;
        this.id = id;
        this.codec = codec;
        this.credits = credits;
        this.inbound = inbound;
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
            staged.add(frame);
            session.buffered(1);
            if (scheduled) {
                return true;
            }
            scheduled = true;
        }
        session.deliver(this);
        return true;
    }

    /** Delivers what is staged, in order, until nothing is left (on a delivery thread). */
    @Override
    public void run() {
        while (true) {
            ByteBuf frame;
            synchronized (this) {
                frame = closed ? null : staged.poll();
                if (frame == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                deliver(frame);
            } catch (InterruptedException e) {
                // the session is closing: what is left is released by close()
                return;
            } catch (RuntimeException e) {
                InConnection c = connection;
                if (c != null) {
                    c.reject("worker " + session.workerId() + " cannot read channel " + id + " from worker " + peer
                            + ": " + e);
                }
                return;
            } finally {
                frame.release();
                session.buffered(-1);
            }
            synchronized (this) {
                outstanding--;
            }
            InConnection c = connection;
            if (c != null) {
                c.credit(id, 1);
            }
        }
    }

    private void deliver(ByteBuf frame) throws InterruptedException {
        int type = frame.readByte();
        frame.skipBytes(4);
        switch (type) {
            case Frames.ROWS -> {
                Object[][] rows = codec.decode(frame);
                inbound.rows(rows, rows.length);
            }
            case Frames.WATERMARK -> inbound.watermark(frame.readLong());
            case Frames.BARRIER -> {
                long epoch = frame.readLong();
                inbound.barrier(epoch, frame.readBoolean());
            }
            case Frames.END -> inbound.end();
            default -> throw new IllegalArgumentException("unexpected " + Frames.name(type) + " frame");
        }
    }

    /** Drops what was not delivered; no more is taken. */
    void close() {
        synchronized (this) {
            closed = true;
            ByteBuf frame;
            while ((frame = staged.poll()) != null) {
                frame.release();
                session.buffered(-1);
            }
        }
    }
}
