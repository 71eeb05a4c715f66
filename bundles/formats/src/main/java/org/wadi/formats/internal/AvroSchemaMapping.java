package org.wadi.formats.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;

/** Wadi columns to Avro schemas, as Arroyo maps Arrow types to Avro. */
public final class AvroSchemaMapping {

    /** The name of the record Arroyo writes. */
    public static final String ROOT = "ArroyoAvro";

    private AvroSchemaMapping() {
    }

    /** The record schema of these columns. */
    public static Schema toAvro(org.wadi.spi.types.Schema columns) {
        return record(ROOT, columns.fields());
    }

    /** A field name Avro accepts, as Arroyo sanitizes it. */
    public static String sanitize(String name) {
        return name.replaceAll("[^a-zA-Z0-9_.]", "_").replace(".", "__");
    }

    private static Schema record(String name, List<Field> fields) {
        List<Schema.Field> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            Schema type = type(name + "_" + sanitize(f.name()), f.type());
            if (f.nullable()) {
                type = Schema.createUnion(Schema.create(Schema.Type.NULL), type);
            }
            out.add(new Schema.Field(sanitize(f.name()), type));
        }
        return Schema.createRecord(name, null, null, false, out);
    }

    private static Schema type(String name, DataType t) {
        return switch (t.id()) {
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case INT8, INT16, INT32, UINT8, UINT16 -> Schema.create(Schema.Type.INT);
            case INT64, UINT32, UINT64, INTERVAL -> Schema.create(Schema.Type.LONG);
            case FLOAT32 -> Schema.create(Schema.Type.FLOAT);
            case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
            case UTF8, JSON -> Schema.create(Schema.Type.STRING);
            case BINARY -> Schema.create(Schema.Type.BYTES);
            case DECIMAL -> LogicalTypes.decimal(t.precision() > 0 ? t.precision() : 38, t.scale())
                    .addToSchema(Schema.create(Schema.Type.BYTES));
            case TIMESTAMP -> (t.precision() <= 3 ? LogicalTypes.timestampMillis() : LogicalTypes.timestampMicros())
                    .addToSchema(Schema.create(Schema.Type.LONG));
            case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case TIME -> LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case STRUCT -> record(name, t.fields());
            case LIST -> {
                Schema item = type(name + "_item", t.element());
                yield Schema.createArray(Schema.createUnion(Schema.create(Schema.Type.NULL), item));
            }
            default -> throw new IllegalArgumentException("no Avro type for " + t);
        };
    }
}
