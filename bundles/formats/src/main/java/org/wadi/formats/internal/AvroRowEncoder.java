package org.wadi.formats.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.wadi.formats.AvroFormat;
import org.wadi.formats.ConfluentFraming;
import org.wadi.formats.RowEncoder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.Field;

/**
 * {@code format = 'avro'} output, as Arroyo writes it: with {@code avro.raw_datums} or {@code
 * avro.confluent_schema_registry} each row is one binary datum (after Confluent's header for the
 * latter), otherwise an object container file of one row. The schema is {@code avro.schema} if
 * given, else the one derived from the columns ({@link org.wadi.formats.AvroSchemas}).
 */
public final class AvroRowEncoder implements RowEncoder {

    private final java.util.List<Field> columns;
    private final AvroFormat format;
    private final Schema schema;
    private final int[] positions;
    private final byte[] header;
    private final GenericDatumWriter<GenericRecord> writer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;

    public AvroRowEncoder(org.wadi.spi.types.Schema columns, AvroFormat format, int schemaId) throws ConnectorException {
        this.columns = columns.fields();
        this.format = format;
        try {
            this.schema = format.schema() == null ? AvroSchemaMapping.toAvro(columns.visible())
                    : new Schema.Parser().parse(format.schema());
        } catch (SchemaParseException e) {
            throw new ConnectorException("Invalid Avro schema in " + AvroFormat.SCHEMA + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("Cannot write these columns as Avro: " + e.getMessage());
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new ConnectorException("Invalid Avro schema in " + AvroFormat.SCHEMA + ": the top-level type must be a "
                    + "record, not " + schema.getType());
        }
        this.positions = AvroValues.positions(schema, this.columns);
        this.header = format.confluentSchemaRegistry() ? ConfluentFraming.header(schemaId) : null;
        this.writer = new GenericDatumWriter<>(schema);
    }

    @Override
    public byte[] encode(Object[] row) throws ConnectorException {
        buffer.reset();
        try {
            GenericRecord record = AvroValues.toRecord(row, positions, columns, schema, "");
            if (format.rawDatums() || format.confluentSchemaRegistry()) {
                if (header != null) {
                    buffer.write(header);
                }
                encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
                writer.write(record, encoder);
                encoder.flush();
            } else {
                try (DataFileWriter<GenericRecord> file = new DataFileWriter<>(writer)) {
                    file.create(schema, buffer);
                    file.append(record);
                }
            }
        } catch (IOException | AvroRuntimeException | IllegalArgumentException e) {
            throw new ConnectorException("Cannot encode the row as Avro: " + e.getMessage(), e);
        }
        return buffer.toByteArray();
    }
}
