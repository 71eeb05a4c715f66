package org.wadi.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;

/**
 * The channel an {@link org.wadi.storage.ObjectWriter} writes into, in front of what the store
 * writes to (a temporary file it still forces and renames): only {@code write}, each buffer
 * written whole. Closing it only stops further writes; the store closes what is behind.
 */
final class StoreChannel implements WritableByteChannel {

    private final WritableByteChannel target;
    private boolean open = true;

    StoreChannel(WritableByteChannel target) {
        this.target = target;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        int n = src.remaining();
        while (src.hasRemaining()) {
            target.write(src);
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
