package org.wadi.formats;

import java.nio.charset.StandardCharsets;
import org.osgi.annotation.versioning.ProviderType;
import org.wadi.formats.internal.AvroRowDecoder;
import org.wadi.formats.internal.ProtobufRowDecoder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.Schema;

/**
 * Decodes one message (one record: a Kafka value, a NATS message, a line of a framed message)
 * into rows of a table's columns, in any {@link RowFormat}. Most formats give one row per record;
 * an Avro container file gives one per datum, a Debezium event one or two changelog rows. Not
 * thread-safe: one per subtask.
 */
@ProviderType
public interface RowDecoder {

    /** Receives the decoded rows. */
    @FunctionalInterface
    interface Rows {

        /**
         * One decoded row.
         *
         * @param kind a {@link org.wadi.spi.types.RowKind} for changelog rows ({@code debezium_json}),
         *     or -1 for an appended row
         * @param values one value per column of {@link RowDecoder#schema()}
         */
        void row(int kind, Object[] values);
    }

    /** The columns the decoder fills, in order. */
    Schema schema();

    /**
     * Decodes one record.
     *
     * @throws ConnectorException saying what is wrong with the record (the caller adds where it is)
     */
    void decode(byte[] record, Rows out) throws ConnectorException;

    /** Decodes one record given as text (UTF-8 for the binary formats). */
    default void decode(String record, Rows out) throws ConnectorException {
        decode(record.getBytes(StandardCharsets.UTF_8), out);
    }

    /**
     * A decoder of a format.
     *
     * @param columns the columns to fill ({@code _timestamp}, {@code _op} and metadata columns left out)
     * @param format the table's format
     * @param registry resolves Confluent schema ids (Avro); {@link SchemaResolver#NONE} without a registry
     * @throws ConnectorException when the format's schema is invalid or does not suit the columns
     */
    static RowDecoder create(Schema columns, RowFormat format, SchemaResolver registry) throws ConnectorException {
        format.checkColumns("table", columns);
        if (format.json() != null) {
            return format.json().debezium() ? new JsonDecoders.Debezium(columns, format.json())
                    : new JsonDecoders.Rows(columns, format.json());
        }
        if (format.avro() != null) {
            return new AvroRowDecoder(columns.visible(), format.avro(), registry);
        }
        if (format.protobuf() != null) {
            return new ProtobufRowDecoder(columns.visible(), format.protobuf());
        }
        return new RawCodecs.Decoder(columns.visible(), format.name());
    }
}
