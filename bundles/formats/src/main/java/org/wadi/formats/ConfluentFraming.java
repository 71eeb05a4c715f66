package org.wadi.formats;

import java.nio.ByteBuffer;
import org.wadi.spi.connector.ConnectorException;

/**
 * Confluent's Schema Registry wire format: a zero magic byte, the schema id as 4 big-endian
 * bytes, then the encoded value (for Protobuf, the message indexes come first; see
 * {@link #skipMessageIndexes}).
 */
public final class ConfluentFraming {

    /** The first byte of a framed value. */
    public static final byte MAGIC_BYTE = 0;
    /** Bytes before the value: the magic byte and the schema id. */
    public static final int HEADER_LENGTH = 5;

    private ConfluentFraming() {
    }

    /** {@code payload} framed with {@code schemaId}. */
    public static byte[] frame(int schemaId, byte[] payload) {
        return ByteBuffer.allocate(HEADER_LENGTH + payload.length).put(MAGIC_BYTE).putInt(schemaId).put(payload).array();
    }

    /** The 5-byte header for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** Whether {@code bytes} start like a framed value. */
    public static boolean isFramed(byte[] bytes) {
        return bytes != null && bytes.length >= HEADER_LENGTH && bytes[0] == MAGIC_BYTE;
    }

    /**
     * The schema id of a framed value.
     *
     * @throws ConnectorException if the value is not framed
     */
    public static int schemaId(byte[] bytes) throws ConnectorException {
        check(bytes);
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    /**
     * The value without its header.
     *
     * @throws ConnectorException if the value is not framed
     */
    public static byte[] unframe(byte[] bytes) throws ConnectorException {
        check(bytes);
        byte[] out = new byte[bytes.length - HEADER_LENGTH];
        System.arraycopy(bytes, HEADER_LENGTH, out, 0, out.length);
        return out;
    }

    /**
     * Where a Protobuf message starts after the header: Confluent writes the message's indexes
     * in the schema (a zig-zag varint count, then that many zig-zag varints; a single 0 byte for
     * the first message).
     *
     * @param bytes a framed Protobuf value
     * @return the offset of the message and the first index path entry as {@code [offset, index...]}
     * @throws ConnectorException if the indexes are truncated
     */
    public static int[] skipMessageIndexes(byte[] bytes) throws ConnectorException {
        check(bytes);
        int[] pos = {HEADER_LENGTH};
        int count = zigZag(readVarint(bytes, pos));
        if (count < 0 || count > 64) {
            throw new ConnectorException("invalid Confluent Protobuf message index count " + count);
        }
        int[] out = new int[1 + count];
        for (int i = 0; i < count; i++) {
            out[1 + i] = zigZag(readVarint(bytes, pos));
        }
        out[0] = pos[0];
        return out;
    }

    private static int zigZag(int v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static int readVarint(byte[] b, int[] pos) throws ConnectorException {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos[0] >= b.length) {
                throw new ConnectorException("truncated Confluent Protobuf message indexes");
            }
            byte x = b[pos[0]++];
            result |= (x & 0x7f) << shift;
            if (x >= 0) {
                return result;
            }
        }
        throw new ConnectorException("invalid varint in Confluent Protobuf message indexes");
    }

    private static void check(byte[] bytes) throws ConnectorException {
        if (!isFramed(bytes)) {
            throw new ConnectorException("value is not in Confluent's wire format (a zero byte and a 4-byte schema id "
                    + "before the data): " + (bytes == null ? "null" : bytes.length + " bytes starting with "
                    + (bytes.length == 0 ? "nothing" : String.format("0x%02x", bytes[0]))));
        }
    }
}
