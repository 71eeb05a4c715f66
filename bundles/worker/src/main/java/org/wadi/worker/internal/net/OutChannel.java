package org.wadi.worker.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending end of one channel — one (edge, source subtask, target subtask) pair whose target
 * runs on another worker. Used by the one task thread that produces for it. Every element (a batch
 * of rows, a watermark, a barrier, the end) takes one credit from the receiver; without credit the
 * sender waits, interruptibly: that is the backpressure that slows it to its consumer's pace.
 * Rows are encoded on the calling thread, so the event loop only moves bytes.
 */
public final class OutChannel {

    private final OutConnection connection;
    private final int id;
    private final RowCodec codec;
    private final ExchangeSession session;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition credited = lock.newCondition();
    // guarded by lock
    private int credits;
    private ExchangeException failure;
    /** The size of the last batch, to size the next one's buffer (task thread only). */
    private int lastSize = 256;

    OutChannel(ExchangeSession session, OutConnection connection, int id, RowCodec codec) {
        this.session = session;
        this.connection = connection;
        this.id = id;
        this.codec = codec;
    }

    /** Sends rows {@code 0 … count-1} of {@code rows}. */
    public void send(Object[][] rows, int count) throws InterruptedException {
        acquire();
        Channel ch = connection.channel();
        ByteBuf frame = Frames.start(ch.alloc(), Frames.ROWS, lastSize);
        try {
            frame.writeInt(id);
            codec.encode(rows, count, frame);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        lastSize = frame.writerIndex();
        connection.write(Frames.finish(frame));
    }

    /**
     * The size in bytes of the last batch of rows sent, without the frame's header (length, type,
     * channel id): what {@link EncodedRows#bytes} counts at the receiver (task thread only).
     */
    public int lastBatchBytes() {
        return lastSize - 9;
    }

    public void watermark(long watermark) throws InterruptedException {
        acquire();
        Channel ch = connection.channel();
        connection.write(Frames.control(ch.alloc(), Frames.WATERMARK, id, watermark, false));
    }

    public void barrier(long epoch, boolean thenStop) throws InterruptedException {
        acquire();
        Channel ch = connection.channel();
        connection.write(Frames.control(ch.alloc(), Frames.BARRIER, id, epoch, thenStop));
    }

    /** Sends the end of input; nothing may follow. */
    public void end() throws InterruptedException {
        acquire();
        Channel ch = connection.channel();
        connection.write(Frames.control(ch.alloc(), Frames.END, id, 0, false));
    }

    /** Takes one credit, waiting for one if needed. */
    private void acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (credits == 0 && failure == null) {
                session.blocked(1);
                try {
                    while (credits == 0 && failure == null) {
                        credited.await();
                    }
                } finally {
                    session.blocked(-1);
                }
            }
            if (failure != null) {
                throw new ExchangeException(failure.getMessage(), failure.peerEnded());
            }
            credits--;
        } finally {
            lock.unlock();
        }
    }

    /** The receiver allows {@code n} more elements (event loop). */
    void grant(int n) {
        lock.lock();
        try {
            credits += n;
            credited.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Nothing more can be sent: a waiting or later send throws {@code failure}. The first failure sticks. */
    void fail(ExchangeException e) {
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
            }
            credited.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
