package org.wadi.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.Schema;

/** The {@link RowDecoder}s of {@code json} and {@code debezium_json}. */
final class JsonDecoders {

    private JsonDecoders() {
    }

    /** The text after Confluent's header, or all of it. */
    static String text(byte[] record, JsonFormat format) throws ConnectorException {
        int start = 0;
        if (format.confluentSchemaRegistry()) {
            if (!ConfluentFraming.isFramed(record)) {
                ConfluentFraming.schemaId(record); // throws, describing the bytes
            }
            start = ConfluentFraming.HEADER_LENGTH;
        }
        // strictly: JSON text is UTF-8 (RFC 8259), and a lenient decoder would turn a corrupt record's
        // bytes into U+FFFD silently, passing it on as good data
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(record, start, record.length - start)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConnectorException("Invalid JSON: the record is not valid UTF-8 (" + (record.length - start)
                    + " bytes, the first bad one at byte " + (start + firstBadByte(record, start)) + ")");
        }
    }

    /** The index (from {@code start}) of the first byte that is not well-formed UTF-8. */
    private static int firstBadByte(byte[] record, int start) {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(record, start, record.length - start);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(record.length + 1);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        return result.isError() ? in.position() - start : record.length - start;
    }

    /** {@code format = 'json'}: one object per record, or its text ({@code json.unstructured}). */
    static final class Rows implements RowDecoder {

        private final JsonFormat format;
        private final JsonRowDecoder rows;
        private final ObjectMapper mapper = new ObjectMapper();

        Rows(Schema columns, JsonFormat format) {
            this.format = format;
            this.rows = new JsonRowDecoder(columns, format);
        }

        @Override
        public Schema schema() {
            return rows.schema();
        }

        @Override
        public void decode(byte[] record, RowDecoder.Rows out) throws ConnectorException {
            decodeText(text(record, format), out);
        }

        @Override
        public void decode(String record, RowDecoder.Rows out) throws ConnectorException {
            if (format.confluentSchemaRegistry()) {
                decode(record.getBytes(StandardCharsets.UTF_8), out);
            } else {
                decodeText(record, out);
            }
        }

        private void decodeText(String text, RowDecoder.Rows out) throws ConnectorException {
            if (format.unstructured()) {
                try {
                    JsonNode node = mapper.readTree(text);
                    if (node == null || node.isMissingNode()) {
                        throw new ConnectorException("Invalid JSON: the record is empty");
                    }
                } catch (JsonProcessingException e) {
                    throw new ConnectorException("Invalid JSON: " + e.getOriginalMessage() + " in "
                            + JsonRowDecoder.shorten(text));
                }
                out.row(-1, new Object[] {text});
            } else if (format.includeSchema()) {
                JsonNode envelope = rows.parseObject(text, -1);
                JsonNode payload = envelope.get("payload");
                if (payload == null || !payload.isObject()) {
                    throw new ConnectorException("Invalid JSON record: json.include_schema = true but the record has no "
                            + "'payload' object: " + JsonRowDecoder.shorten(text));
                }
                out.row(-1, rows.decodeObject(payload, "", -1));
            } else {
                out.row(-1, rows.decode(text));
            }
        }
    }

    /** {@code format = 'debezium_json'}: a change event per record. */
    static final class Debezium implements RowDecoder {

        private final JsonFormat format;
        private final DebeziumJsonDecoder changes;

        Debezium(Schema columns, JsonFormat format) {
            this.format = format;
            this.changes = new DebeziumJsonDecoder(columns, format);
        }

        @Override
        public Schema schema() {
            return changes.schema();
        }

        @Override
        public void decode(byte[] record, RowDecoder.Rows out) throws ConnectorException {
            decode(text(record, format), out);
        }

        @Override
        public void decode(String record, RowDecoder.Rows out) throws ConnectorException {
            changes.decode(record, -1, out::row);
        }
    }
}
