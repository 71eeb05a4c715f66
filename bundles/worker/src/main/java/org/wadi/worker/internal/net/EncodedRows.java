package org.wadi.worker.internal.net;

import io.netty.buffer.ByteBuf;

/**
 * A batch of rows as it arrived: the body of a ROWS frame, decoded by the consumer that takes it
 * (on its own thread, so that the event loop only moves bytes), or released unread. Either happens
 * once.
 */
public final class EncodedRows {

    private final ByteBuf body;
    private final RowCodec codec;
    private boolean done;

    EncodedRows(ByteBuf body, RowCodec codec) {
        this.body = body;
        this.codec = codec;
    }

    /**
     * The rows; the bytes are let go.
     *
     * @throws IllegalArgumentException if the bytes are not a batch of the channel's rows
     */
    public Object[][] decode() {
        if (done) {
            throw new IllegalStateException("these rows were already decoded or released");
        }
        done = true;
        try {
            return codec.decode(body);
        } finally {
            body.release();
        }
    }

    /** The size of the encoded rows in bytes (before they are decoded or released). */
    public int bytes() {
        return done ? 0 : body.readableBytes();
    }

    /** Lets the bytes go unread. */
    public void release() {
        if (!done) {
            done = true;
            body.release();
        }
    }
}
