package org.wadi.formats;

import org.osgi.annotation.versioning.ProviderType;
import org.wadi.formats.internal.AvroRowEncoder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.Schema;

/**
 * Encodes rows into message payloads, byte for byte as Arroyo's serializer does: {@code json}
 * (with {@code json.include_schema}'s envelope or Confluent's header), {@code avro} (a container
 * file per row, raw datums, or Confluent-framed datums), {@code raw_string}, {@code raw_bytes}.
 * Debezium change events hold updates and are written by {@link PayloadEncoder}; {@code protobuf}
 * is a source format. Not thread-safe: one per subtask.
 */
@ProviderType
public interface RowEncoder {

    /**
     * Encodes one row.
     *
     * @param row the values in schema order; trailing values (such as {@code _timestamp}) are ignored
     * @throws ConnectorException if a value does not fit its column
     */
    byte[] encode(Object[] row) throws ConnectorException;

    /**
     * An encoder of a format.
     *
     * @param columns the row's columns ({@code _timestamp} and {@code _op} are not written)
     * @param format the table's format
     * @param schemaId the registry's id of the written schema for Confluent's header (see
     *     {@link AvroSchemas} for the Avro schema to register), or -1 without a registry
     * @throws ConnectorException naming the format when it cannot be written this way
     */
    static RowEncoder create(Schema columns, RowFormat format, int schemaId) throws ConnectorException {
        if (format.confluentSchemaRegistry() && schemaId < 0) {
            throw new ConnectorException("format '" + format.name() + "' with Confluent's schema registry needs the "
                    + "registered schema's id to write");
        }
        if (format.json() != null) {
            if (format.json().debezium()) {
                throw new ConnectorException("format '" + JsonFormat.DEBEZIUM_JSON + "' is written by PayloadEncoder");
            }
            return new JsonEncoder(columns, format.json(), schemaId);
        }
        if (format.avro() != null) {
            return new AvroRowEncoder(columns, format.avro(), schemaId);
        }
        if (format.protobuf() != null) {
            throw new ConnectorException("format '" + ProtobufFormat.NAME + "' can only be read, as in Arroyo; "
                    + "write with one of json, avro, raw_string, raw_bytes");
        }
        format.checkColumns("table", columns);
        return new RawCodecs.Encoder(columns, format.name());
    }
}
