package org.wadi.formats.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.wadi.formats.AvroFormat;
import org.wadi.formats.ConfluentFraming;
import org.wadi.formats.RowDecoder;
import org.wadi.formats.SchemaResolver;
import org.wadi.spi.connector.ConnectorException;

/**
 * {@code format = 'avro'}: raw datums, Confluent-framed datums (the writer's schema resolved by
 * id through the connector's {@link SchemaResolver}, cached), or object container files. Each
 * datum is read with its writer's schema and its fields matched to the columns by name.
 */
public final class AvroRowDecoder implements RowDecoder {

    private final org.wadi.spi.types.Schema columns;
    private final AvroFormat format;
    private final SchemaResolver registry;
    private final Schema schema;
    private final Map<Integer, GenericDatumReader<GenericRecord>> byId = new HashMap<>();
    private final GenericDatumReader<GenericRecord> reader;
    private BinaryDecoder decoder;

    public AvroRowDecoder(org.wadi.spi.types.Schema columns, AvroFormat format, SchemaResolver registry)
            throws ConnectorException {
        this.columns = columns;
        this.format = format;
        this.registry = registry;
        if (format.schema() != null) {
            this.schema = parse(format.schema(), AvroFormat.SCHEMA);
        } else if (format.intoUnstructuredJson() && !format.confluentSchemaRegistry() && format.rawDatums()) {
            throw new ConnectorException(AvroFormat.INTO_UNSTRUCTURED_JSON + " with " + AvroFormat.RAW_DATUMS
                    + " needs the writer's schema in " + AvroFormat.SCHEMA);
        } else {
            this.schema = format.intoUnstructuredJson() ? null : AvroSchemaMapping.toAvro(columns);
        }
        this.reader = schema == null ? null : new GenericDatumReader<>(schema);
    }

    private static Schema parse(String text, String what) throws ConnectorException {
        try {
            Schema s = new Schema.Parser().parse(text);
            if (s.getType() != Schema.Type.RECORD) {
                throw new ConnectorException("Invalid Avro schema in " + what + ": the top-level type must be a record, "
                        + "not " + s.getType());
            }
            return s;
        } catch (SchemaParseException e) {
            throw new ConnectorException("Invalid Avro schema in " + what + ": " + e.getMessage());
        }
    }

    @Override
    public org.wadi.spi.types.Schema schema() {
        return columns;
    }

    @Override
    public void decode(byte[] record, Rows out) throws ConnectorException {
        try {
            if (format.confluentSchemaRegistry()) {
                int id = ConfluentFraming.schemaId(record);
                datum(readerFor(id), record, ConfluentFraming.HEADER_LENGTH, out);
            } else if (format.rawDatums()) {
                datum(reader, record, 0, out);
            } else {
                try (DataFileStream<GenericRecord> file = new DataFileStream<>(new ByteArrayInputStream(record),
                        new GenericDatumReader<>())) {
                    GenericRecord r = null;
                    while (file.hasNext()) {
                        r = file.next(r);
                        out.row(-1, values(r));
                    }
                }
            }
        } catch (IOException | AvroRuntimeException | IllegalArgumentException | ClassCastException
                | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new ConnectorException("Invalid Avro record" + (format.rawDatums() || format.confluentSchemaRegistry()
                    ? "" : " (expected an Avro object container file; set avro.raw_datums = true for bare datums)")
                    + ": " + e.getMessage());
        }
    }

    private void datum(GenericDatumReader<GenericRecord> r, byte[] bytes, int offset, Rows out) throws IOException,
            ConnectorException {
        decoder = DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, decoder);
        GenericRecord record = r.read(null, decoder);
        if (!decoder.isEnd()) {
            throw new ConnectorException("Invalid Avro record: " + (bytes.length - offset) + " bytes hold more than one "
                    + "datum of the schema " + r.getSchema().getFullName());
        }
        out.row(-1, values(record));
    }

    private Object[] values(GenericRecord record) {
        if (format.intoUnstructuredJson()) {
            return new Object[] {GenericData.get().toString(record)};
        }
        return AvroValues.fromRecord(record, columns.fields(), "");
    }

    private GenericDatumReader<GenericRecord> readerFor(int id) throws ConnectorException {
        GenericDatumReader<GenericRecord> r = byId.get(id);
        if (r == null) {
            String text;
            try {
                text = registry.schema(id);
            } catch (Exception e) {
                throw new ConnectorException("Cannot resolve Avro schema id " + id + " in the schema registry: "
                        + e.getMessage(), e);
            }
            r = new GenericDatumReader<>(parse(text, "schema id " + id));
            byId.put(id, r);
        }
        return r;
    }
}
