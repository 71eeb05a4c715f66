package org.wadi.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Deterministic test streams of any length, and their digests, without holding them in memory. */
final class TestData {

    private TestData() {
    }

    /** {@code length} pseudo-random bytes from {@code seed}. */
    static InputStream stream(long length, long seed) {
        return new Generated(length, seed, -1);
    }

    /** Like {@link #stream}, but throws an {@link IOException} once {@code failAt} bytes were read. */
    static InputStream failingAfter(long length, long seed, long failAt) {
        return new Generated(length, seed, failAt);
    }

    /** {@code length} bytes from {@code seed} in an array. */
    static byte[] bytes(int length, long seed) {
        try (InputStream in = stream(length, seed)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The SHA-256 of {@link #stream}{@code (length, seed)}. */
    static String sha256(long length, long seed) throws IOException {
        try (InputStream in = stream(length, seed)) {
            return sha256(in);
        }
    }

    /** The SHA-256 of what remains in {@code in}. */
    static String sha256(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            md.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static final class Generated extends InputStream {
        private final SplittableRandom random;
        private final long length;
        private final long failAt;
        private final byte[] block = new byte[8192];
        private int blockPos = block.length;
        private long pos;

        Generated(long length, long seed, long failAt) {
            this.random = new SplittableRandom(seed);
            this.length = length;
            this.failAt = failAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (failAt >= 0 && pos >= failAt) {
                throw new IOException("test stream failed on purpose after " + pos + " bytes");
            }
            if (pos >= length) {
                return -1;
            }
            long limit = failAt >= 0 ? Math.min(length, failAt) : length;
            int n = (int) Math.min(len, Math.max(1, limit - pos));
            n = (int) Math.min(n, length - pos);
            int done = 0;
            while (done < n) {
                if (blockPos == block.length) {
                    for (int j = 0; j < block.length; j += 8) {
                        long v = random.nextLong();
                        for (int k = 0; k < 8; k++) {
                            block[j + k] = (byte) (v >>> (8 * k));
                        }
                    }
                    blockPos = 0;
                }
                int c = Math.min(n - done, block.length - blockPos);
                System.arraycopy(block, blockPos, b, off + done, c);
                blockPos += c;
                done += c;
            }
            pos += n;
            return n;
        }
    }
}
