package org.wadi.formats;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.Schema;

/** {@code raw_string} and {@code raw_bytes}: the whole record is the {@code value} column. */
final class RawCodecs {

    private RawCodecs() {
    }

    static final class Decoder implements RowDecoder {

        private final Schema schema;
        private final boolean text;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

        Decoder(Schema columns, String format) {
            this.schema = columns;
            this.text = RowFormat.RAW_STRING.equals(format);
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public void decode(byte[] record, Rows out) throws ConnectorException {
            if (!text) {
                out.row(-1, new Object[] {record});
                return;
            }
            try {
                out.row(-1, new Object[] {utf8.decode(ByteBuffer.wrap(record)).toString()});
            } catch (CharacterCodingException e) {
                throw new ConnectorException("Invalid UTF-8 in a raw_string record (" + record.length + " bytes): "
                        + e.getMessage());
            }
        }

        @Override
        public void decode(String record, Rows out) {
            out.row(-1, new Object[] {text ? record : record.getBytes(StandardCharsets.UTF_8)});
        }
    }

    static final class Encoder implements RowEncoder {

        private static final byte[] EMPTY = new byte[0];
        private final int position;
        private final boolean text;

        Encoder(Schema columns, String format) {
            this.position = columns.indexOf(RowFormat.VALUE_COLUMN);
            this.text = RowFormat.RAW_STRING.equals(format);
        }

        @Override
        public byte[] encode(Object[] row) throws ConnectorException {
            Object v = row[position];
            if (v == null) {
                return EMPTY; // as Arroyo: a NULL value is an empty message
            }
            if (text) {
                return v.toString().getBytes(StandardCharsets.UTF_8);
            }
            if (v instanceof byte[] bytes) {
                return bytes;
            }
            throw new ConnectorException("column 'value' of a raw_bytes table cannot hold a " + v.getClass().getSimpleName());
        }
    }
}
