package org.wadi.connector.iceberg.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** The Iceberg schema of a SQL table, and the check that a SQL table fits an existing Iceberg one. */
final class IcebergSchemas {

    private IcebergSchemas() {
    }

    /** The schema a table created for these columns gets: every column optional, ids from 1. */
    static org.apache.iceberg.Schema of(Schema columns) throws ConnectorException {
        List<Types.NestedField> fields = new ArrayList<>();
        int id = 1;
        for (Field f : columns.fields()) {
            fields.add(Types.NestedField.optional(id++, f.name(), type(f)));
        }
        return new org.apache.iceberg.Schema(fields);
    }

    static Type type(Field f) throws ConnectorException {
        DataType t = f.type();
        return switch (t.id()) {
            case BOOLEAN -> Types.BooleanType.get();
            case INT8, INT16, INT32, UINT8, UINT16 -> Types.IntegerType.get();
            case INT64, UINT32, UINT64 -> Types.LongType.get();
            case FLOAT32 -> Types.FloatType.get();
            case FLOAT64 -> Types.DoubleType.get();
            case DECIMAL -> Types.DecimalType.of(t.precision(), t.scale());
            case UTF8, JSON -> Types.StringType.get();
            case BINARY -> Types.BinaryType.get();
            case TIMESTAMP -> Types.TimestampType.withoutZone();
            case DATE -> Types.DateType.get();
            case TIME -> Types.TimeType.get();
            default -> throw new ConnectorException("Column '" + f.name() + "' has type " + t + ", which connector '"
                    + SinkConfig.NAME + "' cannot write yet; cast it to TEXT (e.g. as JSON) or leave it out");
        };
    }

    /**
     * For each column of {@code table}, the index of the SQL column written into it, or -1 (left
     * null). Every SQL column must exist in the table (by name, ignoring case) with a type its values
     * convert to.
     */
    static int[] columnMapping(String tableName, org.apache.iceberg.Schema table, Schema columns)
            throws ConnectorException {
        List<Types.NestedField> fields = table.columns();
        int[] mapping = new int[fields.size()];
        java.util.Arrays.fill(mapping, -1);
        for (int c = 0; c < columns.size(); c++) {
            Field f = columns.field(c);
            int at = -1;
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().equalsIgnoreCase(f.name())) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                throw new ConnectorException("Column '" + f.name() + "' is not in the Iceberg table " + tableName
                        + "; its columns are " + names(fields));
            }
            Type want = type(f);
            Type have = fields.get(at).type();
            if (!compatible(want, have)) {
                throw new ConnectorException("Column '" + f.name() + "' of type " + f.type() + " cannot be written into "
                        + "column '" + fields.get(at).name() + "' of the Iceberg table " + tableName + ", which is "
                        + have);
            }
            mapping[at] = c;
        }
        for (int i = 0; i < fields.size(); i++) {
            if (mapping[i] < 0 && fields.get(i).isRequired()) {
                throw new ConnectorException("The Iceberg table " + tableName + " requires column '"
                        + fields.get(i).name() + "', which the SQL table does not have");
            }
        }
        return mapping;
    }

    private static boolean compatible(Type sql, Type table) {
        if (sql.equals(table)) {
            return true;
        }
        return switch (table.typeId()) {
            case LONG -> sql.typeId() == Type.TypeID.INTEGER;
            case DOUBLE -> sql.typeId() == Type.TypeID.FLOAT;
            case TIMESTAMP, TIMESTAMP_NANO -> sql.typeId() == Type.TypeID.TIMESTAMP;
            case DECIMAL -> sql.typeId() == Type.TypeID.DECIMAL || sql.typeId() == Type.TypeID.INTEGER
                    || sql.typeId() == Type.TypeID.LONG;
            default -> false;
        };
    }

    private static List<String> names(List<Types.NestedField> fields) {
        List<String> out = new ArrayList<>();
        for (Types.NestedField f : fields) {
            out.add(f.name() + " " + f.type());
        }
        return out;
    }
}
