package org.wadi.worker.internal.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.TypeId;

/**
 * Arroyo's {@code multi_hash(a, b, …)}: XXH3-128 ({@link Xxh3}) of the arguments in Arrow's row
 * format (arrow-row's {@code RowConverter} with default sort options: ascending, NULLs first),
 * big-endian, so that Wadi and Arroyo give the same 16 bytes for the same values of the same Arrow
 * types. The encoding is Arrow's for its scalar types: a validity byte then the big-endian value
 * with the sign bit flipped (floats made totally ordered first), and for text and bytes a sentinel
 * then 8-byte blocks (the first 32 bytes), then 32-byte blocks, each followed by 0xFF or the length
 * of its last part. One instance serves one call site, for the argument types it was built with; it
 * holds no mutable state, so the subtasks share it.
 */
public final class MultiHash {

    private static final int MINI_BLOCK = 8;
    private static final int BLOCK = 32;
    private static final int CONTINUATION = 0xFF;

    private final DataType[] types;

    /**
     * @param types the arguments' types
     * @throws PlanException for a type Arrow's row format is not reproduced for here (intervals,
     *     arrays, structs)
     */
    public MultiHash(List<DataType> types, String operatorId) throws PlanException {
        if (types.isEmpty()) {
            throw new PlanException("multi_hash needs at least one argument in " + operatorId, "user");
        }
        for (DataType t : types) {
            switch (t.id()) {
                case INTERVAL, LIST, STRUCT -> throw new PlanException("multi_hash of a " + t + " is not supported in "
                        + operatorId + ": Wadi reproduces Arrow's row encoding, which Arroyo hashes, for scalar "
                        + "types only", "user");
                default -> {
                }
            }
        }
        this.types = types.toArray(new DataType[0]);
    }

    /** The 16-byte hash of one row of argument values (NULL as {@code null}), in the constructor's types. */
    public byte[] hash(Object[] values) {
        int size = 0;
        for (int i = 0; i < values.length; i++) {
            size += encodedLength(types[i], values[i]);
        }
        byte[] row = new byte[size];
        int at = 0;
        for (int i = 0; i < values.length; i++) {
            at = encode(types[i], values[i], row, at);
        }
        return Xxh3.hash128(row, size);
    }

    /** The bytes Arrow's row format gives one value, for tests. */
    byte[] encode(int argument, Object value) {
        byte[] out = new byte[encodedLength(types[argument], value)];
        encode(types[argument], value, out, 0);
        return out;
    }

    private static int fixedWidth(DataType t) {
        return switch (t.id()) {
            case BOOLEAN, INT8, UINT8 -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32, FLOAT32, DATE -> 4;
            case INT64, UINT64, FLOAT64, TIMESTAMP, TIME -> 8;
            case DECIMAL -> 16;
            default -> -1;
        };
    }

    private static int encodedLength(DataType t, Object v) {
        int width = fixedWidth(t);
        if (width > 0) {
            return 1 + width;
        }
        if (v == null) {
            return 1;
        }
        int len = bytes(t, v).length;
        if (len == 0) {
            return 1;
        }
        return len <= BLOCK ? 1 + ceil(len, MINI_BLOCK) * (MINI_BLOCK + 1)
                : 1 + (BLOCK / MINI_BLOCK) * (MINI_BLOCK + 1) + ceil(len - BLOCK, BLOCK) * (BLOCK + 1);
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    private static byte[] bytes(DataType t, Object v) {
        return t.id() == TypeId.BINARY ? (byte[]) v : ((String) v).getBytes(StandardCharsets.UTF_8);
    }

    private static int encode(DataType t, Object v, byte[] out, int at) {
        int width = fixedWidth(t);
        if (width > 0) {
            // NULL: the 0 sentinel and zeros (the array is zeroed)
            if (v != null) {
                out[at] = 1;
                fixed(t, v, out, at + 1);
            }
            return at + 1 + width;
        }
        if (v == null) {
            return at + 1;
        }
        byte[] b = bytes(t, v);
        if (b.length == 0) {
            out[at] = 1;
            return at + 1;
        }
        out[at++] = 2;
        if (b.length <= BLOCK) {
            return blocks(b, 0, b.length, MINI_BLOCK, out, at);
        }
        at = blocks(b, 0, BLOCK, MINI_BLOCK, out, at);
        out[at - 1] = (byte) CONTINUATION;
        return blocks(b, BLOCK, b.length - BLOCK, BLOCK, out, at);
    }

    /** {@code len} bytes from {@code from} in blocks of {@code size}, each followed by 0xFF or its used length. */
    private static int blocks(byte[] b, int from, int len, int size, byte[] out, int at) {
        int count = ceil(len, size);
        for (int i = 0; i < count; i++) {
            int n = Math.min(size, len - i * size);
            System.arraycopy(b, from + i * size, out, at, n);
            at += size;
            out[at++] = (byte) (i < count - 1 ? CONTINUATION : n);
        }
        return at;
    }

    private static void fixed(DataType t, Object v, byte[] out, int at) {
        switch (t.id()) {
            case BOOLEAN -> out[at] = (byte) ((Boolean) v ? 1 : 0);
            case INT8 -> signed(((Number) v).longValue(), 1, out, at);
            case INT16 -> signed(((Number) v).longValue(), 2, out, at);
            case INT32, DATE -> signed(((Number) v).longValue(), 4, out, at);
            case INT64, TIME -> signed((Long) v, 8, out, at);
            case UINT8 -> unsigned(((Number) v).longValue(), 1, out, at);
            case UINT16 -> unsigned(((Number) v).longValue(), 2, out, at);
            case UINT32 -> unsigned((Long) v, 4, out, at);
            case UINT64 -> unsigned((Long) v, 8, out, at);
            case FLOAT32 -> {
                int s = Float.floatToRawIntBits((Float) v);
                signed(s ^ ((s >> 31) >>> 1), 4, out, at);
            }
            case FLOAT64 -> {
                long s = Double.doubleToRawLongBits((Double) v);
                signed(s ^ ((s >> 63) >>> 1), 8, out, at);
            }
            case TIMESTAMP -> signed(Math.floorDiv((Long) v, timestampUnit(t)), 8, out, at);
            case DECIMAL -> decimal(((BigDecimal) v).setScale(t.scale(), java.math.RoundingMode.HALF_UP)
                    .unscaledValue(), out, at);
            default -> throw new IllegalStateException("no fixed-width encoding for " + t);
        }
    }

    /** Nanoseconds per unit of the Arrow timestamp Arroyo uses for this precision (Calcite's 0 is Arroyo's TIMESTAMP). */
    private static long timestampUnit(DataType t) {
        return switch (t.precision()) {
            case 3 -> 1_000_000L;
            case 6 -> 1_000L;
            default -> 1L;
        };
    }

    private static void signed(long v, int width, byte[] out, int at) {
        unsigned(v, width, out, at);
        out[at] ^= (byte) 0x80;
    }

    private static void unsigned(long v, int width, byte[] out, int at) {
        for (int i = 0; i < width; i++) {
            out[at + i] = (byte) (v >>> (8 * (width - 1 - i)));
        }
    }

    /** A Decimal128's unscaled value: 16 bytes, two's complement, big-endian, sign bit flipped. */
    private static void decimal(BigInteger unscaled, byte[] out, int at) {
        byte[] b = unscaled.toByteArray();
        if (b.length > 16) {
            throw new ArithmeticException("multi_hash: the decimal " + unscaled + " does not fit Decimal128");
        }
        Arrays.fill(out, at, at + 16 - b.length, (byte) (unscaled.signum() < 0 ? 0xFF : 0));
        System.arraycopy(b, 0, out, at + 16 - b.length, b.length);
        out[at] ^= (byte) 0x80;
    }
}
