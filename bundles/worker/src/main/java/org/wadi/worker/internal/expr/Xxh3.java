package org.wadi.worker.internal.expr;

/**
 * XXH3's 128-bit hash with seed 0 and the default secret (xxHash 0.8), as the xxhash-rust crate's
 * {@code xxh3_128} computes it: Arroyo's {@code multi_hash} hashes with it. Written here because no
 * library Wadi ships has it; checked against the reference implementation in the tests.
 */
final class Xxh3 {

    private static final long PRIME32_1 = 0x9E3779B1L;
    private static final long PRIME32_2 = 0x85EBCA77L;
    private static final long PRIME32_3 = 0xC2B2AE3DL;
    private static final long PRIME64_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME64_3 = 0x165667B19E3779F9L;
    private static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
    private static final long PRIME64_5 = 0x27D4EB2F165667C5L;
    private static final long PRIME_MX1 = 0x165667919E3779F9L;
    private static final long PRIME_MX2 = 0x9FB21C651E98DF25L;

    private static final int STRIPE_LEN = 64;
    private static final int SECRET_CONSUME_RATE = 8;
    private static final int MIDSIZE_STARTOFFSET = 3;
    private static final int MIDSIZE_LASTOFFSET = 17;
    private static final int SECRET_SIZE_MIN = 136;
    private static final int SECRET_LASTACC_START = 7;
    private static final int SECRET_MERGEACCS_START = 11;

    /** The default secret, kSecret of the reference implementation. */
    private static final byte[] SECRET = bytes(
            0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
            0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
            0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
            0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
            0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
            0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
            0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
            0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
            0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
            0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
            0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
            0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e);

    private Xxh3() {
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** The 128-bit hash of {@code input[0, len)}, big-endian (the high half first), as Rust's {@code to_be_bytes}. */
    static byte[] hash128(byte[] input, int len) {
        long[] h = len <= 16 ? len0to16(input, len) : len <= 128 ? len17to128(input, len)
                : len <= 240 ? len129to240(input, len) : hashLong(input, len);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (h[1] >>> (56 - 8 * i));
            out[8 + i] = (byte) (h[0] >>> (56 - 8 * i));
        }
        return out;
    }

    // ---- short inputs ---------------------------------------------------------------------------

    /** {low, high}. */
    private static long[] len0to16(byte[] in, int len) {
        if (len > 8) {
            return len9to16(in, len);
        }
        if (len >= 4) {
            return len4to8(in, len);
        }
        if (len > 0) {
            return len1to3(in, len);
        }
        long bitflipl = readLE64(SECRET, 64) ^ readLE64(SECRET, 72);
        long bitfliph = readLE64(SECRET, 80) ^ readLE64(SECRET, 88);
        return new long[] {xxh64Avalanche(bitflipl), xxh64Avalanche(bitfliph)};
    }

    private static long[] len1to3(byte[] in, int len) {
        int c1 = in[0] & 0xFF;
        int c2 = in[len >> 1] & 0xFF;
        int c3 = in[len - 1] & 0xFF;
        int combinedl = (c1 << 16) | (c2 << 24) | c3 | (len << 8);
        int combinedh = Integer.rotateLeft(Integer.reverseBytes(combinedl), 13);
        long bitflipl = (readLE32(SECRET, 0) ^ readLE32(SECRET, 4)) & 0xFFFFFFFFL;
        long bitfliph = (readLE32(SECRET, 8) ^ readLE32(SECRET, 12)) & 0xFFFFFFFFL;
        long keyedLo = (combinedl & 0xFFFFFFFFL) ^ bitflipl;
        long keyedHi = (combinedh & 0xFFFFFFFFL) ^ bitfliph;
        return new long[] {xxh64Avalanche(keyedLo), xxh64Avalanche(keyedHi)};
    }

    private static long[] len4to8(byte[] in, int len) {
        long inputLo = readLE32(in, 0) & 0xFFFFFFFFL;
        long inputHi = readLE32(in, len - 4) & 0xFFFFFFFFL;
        long input64 = inputLo + (inputHi << 32);
        long bitflip = readLE64(SECRET, 16) ^ readLE64(SECRET, 24);
        long keyed = input64 ^ bitflip;
        long m = PRIME64_1 + ((long) len << 2);
        long low = keyed * m;
        long high = unsignedMultiplyHigh(keyed, m);
        high += low << 1;
        low ^= high >>> 3;
        low ^= low >>> 35;
        low *= PRIME_MX2;
        low ^= low >>> 28;
        return new long[] {low, xxh3Avalanche(high)};
    }

    private static long[] len9to16(byte[] in, int len) {
        long bitflipl = readLE64(SECRET, 32) ^ readLE64(SECRET, 40);
        long bitfliph = readLE64(SECRET, 48) ^ readLE64(SECRET, 56);
        long inputLo = readLE64(in, 0);
        long inputHi = readLE64(in, len - 8);
        long a = inputLo ^ inputHi ^ bitflipl;
        long mLow = a * PRIME64_1;
        long mHigh = unsignedMultiplyHigh(a, PRIME64_1);
        mLow += (long) (len - 1) << 54;
        inputHi ^= bitfliph;
        mHigh += inputHi + (inputHi & 0xFFFFFFFFL) * (PRIME32_2 - 1);
        mLow ^= Long.reverseBytes(mHigh);
        long hLow = mLow * PRIME64_2;
        long hHigh = unsignedMultiplyHigh(mLow, PRIME64_2) + mHigh * PRIME64_2;
        return new long[] {xxh3Avalanche(hLow), xxh3Avalanche(hHigh)};
    }

    // ---- medium inputs --------------------------------------------------------------------------

    private static long[] len17to128(byte[] in, int len) {
        long[] acc = {len * PRIME64_1, 0};
        if (len > 32) {
            if (len > 64) {
                if (len > 96) {
                    mix32B(acc, in, 48, len - 64, 96, 0);
                }
                mix32B(acc, in, 32, len - 48, 64, 0);
            }
            mix32B(acc, in, 16, len - 32, 32, 0);
        }
        mix32B(acc, in, 0, len - 16, 0, 0);
        return finish(acc, len);
    }

    private static long[] len129to240(byte[] in, int len) {
        int rounds = len / 32;
        long[] acc = {len * PRIME64_1, 0};
        for (int i = 0; i < 4; i++) {
            mix32B(acc, in, 32 * i, 32 * i + 16, 32 * i, 0);
        }
        acc[0] = xxh3Avalanche(acc[0]);
        acc[1] = xxh3Avalanche(acc[1]);
        for (int i = 4; i < rounds; i++) {
            mix32B(acc, in, 32 * i, 32 * i + 16, MIDSIZE_STARTOFFSET + 32 * (i - 4), 0);
        }
        mix32B(acc, in, len - 16, len - 32, SECRET_SIZE_MIN - MIDSIZE_LASTOFFSET - 16, 0);
        return finish(acc, len);
    }

    private static long[] finish(long[] acc, int len) {
        long low = acc[0] + acc[1];
        long high = acc[0] * PRIME64_1 + acc[1] * PRIME64_4 + (long) len * PRIME64_2;
        return new long[] {xxh3Avalanche(low), -xxh3Avalanche(high)};
    }

    private static void mix32B(long[] acc, byte[] in, int in1, int in2, int secret, long seed) {
        acc[0] += mix16B(in, in1, secret, seed);
        acc[0] ^= readLE64(in, in2) + readLE64(in, in2 + 8);
        acc[1] += mix16B(in, in2, secret + 16, seed);
        acc[1] ^= readLE64(in, in1) + readLE64(in, in1 + 8);
    }

    private static long mix16B(byte[] in, int off, int secret, long seed) {
        long lo = readLE64(in, off) ^ (readLE64(SECRET, secret) + seed);
        long hi = readLE64(in, off + 8) ^ (readLE64(SECRET, secret + 8) - seed);
        return lo * hi ^ unsignedMultiplyHigh(lo, hi);
    }

    // ---- long inputs ----------------------------------------------------------------------------

    private static long[] hashLong(byte[] in, int len) {
        long[] acc = {PRIME32_3, PRIME64_1, PRIME64_2, PRIME64_3, PRIME64_4, PRIME32_2, PRIME64_5, PRIME32_1};
        int stripesPerBlock = (SECRET.length - STRIPE_LEN) / SECRET_CONSUME_RATE;
        int blockLen = STRIPE_LEN * stripesPerBlock;
        int blocks = (len - 1) / blockLen;
        for (int n = 0; n < blocks; n++) {
            accumulate(acc, in, n * blockLen, stripesPerBlock);
            scramble(acc, SECRET.length - STRIPE_LEN);
        }
        int stripes = ((len - 1) - blockLen * blocks) / STRIPE_LEN;
        accumulate(acc, in, blocks * blockLen, stripes);
        accumulate512(acc, in, len - STRIPE_LEN, SECRET.length - STRIPE_LEN - SECRET_LASTACC_START);
        long low = mergeAccs(acc, SECRET_MERGEACCS_START, len * PRIME64_1);
        long high = mergeAccs(acc, SECRET.length - STRIPE_LEN - SECRET_MERGEACCS_START, ~(len * PRIME64_2));
        return new long[] {low, high};
    }

    private static void accumulate(long[] acc, byte[] in, int off, int stripes) {
        for (int n = 0; n < stripes; n++) {
            accumulate512(acc, in, off + n * STRIPE_LEN, n * SECRET_CONSUME_RATE);
        }
    }

    private static void accumulate512(long[] acc, byte[] in, int off, int secret) {
        for (int i = 0; i < 8; i++) {
            long value = readLE64(in, off + 8 * i);
            long key = value ^ readLE64(SECRET, secret + 8 * i);
            acc[i ^ 1] += value;
            acc[i] += (key & 0xFFFFFFFFL) * (key >>> 32);
        }
    }

    private static void scramble(long[] acc, int secret) {
        for (int i = 0; i < 8; i++) {
            long a = acc[i];
            a ^= a >>> 47;
            a ^= readLE64(SECRET, secret + 8 * i);
            acc[i] = a * PRIME32_1;
        }
    }

    private static long mergeAccs(long[] acc, int secret, long start) {
        long result = start;
        for (int i = 0; i < 4; i++) {
            long lo = acc[2 * i] ^ readLE64(SECRET, secret + 16 * i);
            long hi = acc[2 * i + 1] ^ readLE64(SECRET, secret + 16 * i + 8);
            result += lo * hi ^ unsignedMultiplyHigh(lo, hi);
        }
        return xxh3Avalanche(result);
    }

    // ---- arithmetic -----------------------------------------------------------------------------

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    private static long xxh64Avalanche(long h) {
        h ^= h >>> 33;
        h *= PRIME64_2;
        h ^= h >>> 29;
        h *= PRIME64_3;
        return h ^ (h >>> 32);
    }

    private static long xxh3Avalanche(long h) {
        h ^= h >>> 37;
        h *= PRIME_MX1;
        return h ^ (h >>> 32);
    }

    private static int readLE32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    private static long readLE64(byte[] b, int off) {
        return (readLE32(b, off) & 0xFFFFFFFFL) | ((long) readLE32(b, off + 4) << 32);
    }
}
