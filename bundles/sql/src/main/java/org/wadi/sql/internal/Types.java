package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/** Maps between Calcite's types and Wadi's {@link DataType}s. */
final class Types {

    /**
     * Type names Arroyo accepts that Calcite does not know, registered as named types in every
     * planning schema so they work in column definitions and in CAST alike.
     */
    static final Map<String, SqlTypeName> ALIASES = Map.of(
            "text", SqlTypeName.VARCHAR,
            "string", SqlTypeName.VARCHAR,
            "bytea", SqlTypeName.VARBINARY);

    private Types() {
    }

    /**
     * A type as users read it in messages: Calcite's full type string without NOT NULL and without
     * the character set of text (Unicode for all text here).
     */
    static String text(RelDataType type) {
        return type.getFullTypeString().replace(" NOT NULL", "").replaceAll(" CHARACTER SET \"[^\"]*\"", "");
    }

    /** Wadi's type for a Calcite type; throws {@link UnsupportedException} for types Wadi lacks. */
    static DataType toWadi(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        return switch (name) {
            case BOOLEAN -> DataType.BOOLEAN;
            case TINYINT -> DataType.INT8;
            case SMALLINT -> DataType.INT16;
            case INTEGER -> DataType.INT32;
            case BIGINT -> DataType.INT64;
            case UTINYINT -> DataType.UINT8;
            case USMALLINT -> DataType.UINT16;
            case UINTEGER -> DataType.UINT32;
            case UBIGINT -> DataType.UINT64;
            // Arroyo's FLOAT is 32-bit, unlike Calcite's; keep the user's meaning
            case REAL, FLOAT -> DataType.FLOAT32;
            case DOUBLE -> DataType.FLOAT64;
            case DECIMAL -> DataType.decimal(type.getPrecision(), type.getScale());
            case CHAR, VARCHAR -> DataType.UTF8;
            case BINARY, VARBINARY -> DataType.BINARY;
            case DATE -> DataType.DATE;
            case TIME -> DataType.TIME;
            case TIMESTAMP -> type.getPrecision() == 9 ? DataType.TIMESTAMP : DataType.timestamp(type.getPrecision());
            case INTERVAL_DAY, INTERVAL_DAY_HOUR, INTERVAL_DAY_MINUTE, INTERVAL_DAY_SECOND, INTERVAL_HOUR,
                    INTERVAL_HOUR_MINUTE, INTERVAL_HOUR_SECOND, INTERVAL_MINUTE, INTERVAL_MINUTE_SECOND,
                    INTERVAL_SECOND -> DataType.INTERVAL;
            case ROW -> DataType.struct(fields(type));
            case ARRAY -> DataType.list(toWadi(type.getComponentType()));
            // an untyped NULL literal (concat('a', NULL)): its value is NULL whatever the type
            case NULL -> DataType.UTF8;
            default -> throw new UnsupportedException("the type " + text(type) + " is not supported yet");
        };
    }

    /** The SQL name of a Wadi type, as users declare it ({@code BIGINT}, {@code TEXT}, {@code BIGINT[]}). */
    static String sqlName(DataType type) {
        return switch (type.id()) {
            case BOOLEAN -> "BOOLEAN";
            case INT8 -> "TINYINT";
            case INT16 -> "SMALLINT";
            case INT32 -> "INT";
            case INT64 -> "BIGINT";
            case UINT8 -> "TINYINT UNSIGNED";
            case UINT16 -> "SMALLINT UNSIGNED";
            case UINT32 -> "INT UNSIGNED";
            case UINT64 -> "BIGINT UNSIGNED";
            case FLOAT32 -> "REAL";
            case FLOAT64 -> "DOUBLE";
            case DECIMAL -> "DECIMAL(" + type.precision() + ", " + type.scale() + ")";
            case UTF8 -> "TEXT";
            case JSON -> "JSON";
            case BINARY -> "BYTEA";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case TIMESTAMP -> type.precision() == 9 ? "TIMESTAMP" : "TIMESTAMP(" + type.precision() + ")";
            case INTERVAL -> "INTERVAL";
            case LIST -> sqlName(type.element()) + "[]";
            case STRUCT -> "STRUCT<" + String.join(", ", type.fields().stream()
                    .map(f -> f.name() + " " + sqlName(f.type())).toList()) + ">";
        };
    }

    /** The fields of a Calcite row type as Wadi fields. */
    static List<Field> fields(RelDataType rowType) {
        List<Field> fields = new ArrayList<>();
        for (RelDataTypeField f : rowType.getFieldList()) {
            fields.add(new Field(f.getName(), toWadi(f.getType()), f.getType().isNullable()));
        }
        return fields;
    }

    /** A Calcite row type as a Wadi schema. */
    static Schema schema(RelDataType rowType) {
        return new Schema(fields(rowType));
    }

    /** Calcite's type for a Wadi type. */
    static RelDataType toCalcite(RelDataTypeFactory f, DataType type, boolean nullable) {
        RelDataType t = switch (type.id()) {
            case BOOLEAN -> f.createSqlType(SqlTypeName.BOOLEAN);
            case INT8 -> f.createSqlType(SqlTypeName.TINYINT);
            case INT16 -> f.createSqlType(SqlTypeName.SMALLINT);
            case INT32 -> f.createSqlType(SqlTypeName.INTEGER);
            case INT64 -> f.createSqlType(SqlTypeName.BIGINT);
            case UINT8 -> f.createSqlType(SqlTypeName.UTINYINT);
            case UINT16 -> f.createSqlType(SqlTypeName.USMALLINT);
            case UINT32 -> f.createSqlType(SqlTypeName.UINTEGER);
            case UINT64 -> f.createSqlType(SqlTypeName.UBIGINT);
            case FLOAT32 -> f.createSqlType(SqlTypeName.REAL);
            case FLOAT64 -> f.createSqlType(SqlTypeName.DOUBLE);
            case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
            // JSON travels as text; Calcite has no JSON type
            case UTF8, JSON -> f.createSqlType(SqlTypeName.VARCHAR);
            case BINARY -> f.createSqlType(SqlTypeName.VARBINARY);
            case DATE -> f.createSqlType(SqlTypeName.DATE);
            case TIME -> f.createSqlType(SqlTypeName.TIME, 9);
            case TIMESTAMP -> f.createSqlType(SqlTypeName.TIMESTAMP, type.precision());
            case INTERVAL -> f.createSqlIntervalType(
                    new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO));
            case STRUCT -> f.createStructType(
                    type.fields().stream().map(fl -> toCalcite(f, fl.type(), fl.nullable())).toList(),
                    type.fields().stream().map(Field::name).toList());
            case LIST -> f.createArrayType(toCalcite(f, type.element(), true), -1);
        };
        return f.createTypeWithNullability(t, nullable);
    }

    /** A Calcite row type for a Wadi schema. */
    static RelDataType rowType(RelDataTypeFactory f, Schema schema) {
        RelDataTypeFactory.Builder b = f.builder();
        for (Field field : schema.fields()) {
            b.add(field.name(), toCalcite(f, field.type(), field.nullable()));
        }
        return b.build();
    }

    // ---- Arrow's type names (arrow_typeof, arrow_cast) ------------------------------------------

    /**
     * The name DataFusion 48 (Arrow 55) prints for the Arrow type Arroyo gives a Wadi type: the Debug
     * form of Arrow's {@code DataType}, as {@code arrow_typeof} returns it.
     */
    static String arrowName(DataType type) {
        return switch (type.id()) {
            case BOOLEAN -> "Boolean";
            case INT8 -> "Int8";
            case INT16 -> "Int16";
            case INT32 -> "Int32";
            case INT64 -> "Int64";
            case UINT8 -> "UInt8";
            case UINT16 -> "UInt16";
            case UINT32 -> "UInt32";
            case UINT64 -> "UInt64";
            case FLOAT32 -> "Float32";
            case FLOAT64 -> "Float64";
            case DECIMAL -> "Decimal128(" + type.precision() + ", " + type.scale() + ")";
            case UTF8, JSON -> "Utf8";
            case BINARY -> "Binary";
            case DATE -> "Date32";
            case TIME -> "Time64(Nanosecond)";
            case TIMESTAMP -> "Timestamp(" + timeUnit(type.precision()) + ", None)";
            case INTERVAL -> "Interval(MonthDayNano)";
            case LIST -> "List(" + arrowField("item", type.element(), true) + ")";
            case STRUCT -> "Struct([" + String.join(", ", type.fields().stream()
                    .map(f -> arrowField(f.name(), f.type(), f.nullable())).toList()) + "])";
        };
    }

    private static String arrowField(String name, DataType type, boolean nullable) {
        return "Field { name: \"" + name + "\", data_type: " + arrowName(type) + ", nullable: " + nullable
                + ", dict_id: 0, dict_is_ordered: false, metadata: {} }";
    }

    /** Calcite's unqualified TIMESTAMP (precision 0) is Arroyo's TIMESTAMP: nanoseconds. */
    private static String timeUnit(int precision) {
        return switch (precision) {
            case 3 -> "Millisecond";
            case 6 -> "Microsecond";
            default -> "Nanosecond";
        };
    }

    private static final java.util.regex.Pattern TIMESTAMP_NAME = java.util.regex.Pattern.compile(
            "Timestamp\\(\\s*(Second|Millisecond|Microsecond|Nanosecond|s|ms|µs|us|ns)\\s*(,\\s*None\\s*)?\\)");
    private static final java.util.regex.Pattern DECIMAL_NAME = java.util.regex.Pattern.compile(
            "Decimal(?:128|256)\\(\\s*(\\d+)\\s*,\\s*(-?\\d+)\\s*\\)");
    private static final java.util.regex.Pattern DICTIONARY_NAME = java.util.regex.Pattern.compile(
            "Dictionary\\(\\s*\\w+\\s*,\\s*(.+)\\)");

    /**
     * Calcite's type for an Arrow type name as {@code arrow_cast} takes it ({@code 'Int64'},
     * {@code 'Timestamp(Nanosecond, None)'}, {@code 'Decimal128(10, 2)'}, …); throws
     * {@link UnsupportedException} for names that are not Arrow types or that Wadi has no type for.
     */
    static RelDataType fromArrowName(RelDataTypeFactory f, String name) {
        String n = name == null ? "" : name.trim();
        DataType t = switch (n) {
            case "Boolean" -> DataType.BOOLEAN;
            case "Int8" -> DataType.INT8;
            case "Int16" -> DataType.INT16;
            case "Int32" -> DataType.INT32;
            case "Int64" -> DataType.INT64;
            case "UInt8" -> DataType.UINT8;
            case "UInt16" -> DataType.UINT16;
            case "UInt32" -> DataType.UINT32;
            case "UInt64" -> DataType.UINT64;
            case "Float32" -> DataType.FLOAT32;
            case "Float64" -> DataType.FLOAT64;
            case "Utf8", "LargeUtf8", "Utf8View" -> DataType.UTF8;
            case "Binary", "LargeBinary", "BinaryView" -> DataType.BINARY;
            case "Date32", "Date64" -> DataType.DATE;
            case "Time64(Nanosecond)", "Time64(ns)" -> DataType.TIME;
            case "Interval(MonthDayNano)", "Interval(DayTime)" -> DataType.INTERVAL;
            default -> null;
        };
        if (t == null) {
            java.util.regex.Matcher m = TIMESTAMP_NAME.matcher(n);
            java.util.regex.Matcher d = DECIMAL_NAME.matcher(n);
            java.util.regex.Matcher dict = DICTIONARY_NAME.matcher(n);
            if (m.matches()) {
                t = switch (m.group(1)) {
                    case "Second", "s" -> DataType.timestamp(0);
                    case "Millisecond", "ms" -> DataType.timestamp(3);
                    case "Microsecond", "µs", "us" -> DataType.timestamp(6);
                    default -> DataType.TIMESTAMP;
                };
            } else if (d.matches()) {
                t = DataType.decimal(Integer.parseInt(d.group(1)), Integer.parseInt(d.group(2)));
            } else if (dict.matches()) {
                return fromArrowName(f, dict.group(1));
            } else {
                throw new UnsupportedException("'" + name + "' is not an Arrow type Wadi supports; supported: Boolean, "
                        + "Int8-Int64, UInt8-UInt64, Float32, Float64, Decimal128(p, s), Utf8, LargeUtf8, Utf8View, "
                        + "Binary, Date32, Time64(Nanosecond), Timestamp(unit, None), Interval(MonthDayNano), "
                        + "Dictionary(key, value)");
            }
        }
        return toCalcite(f, t, false);
    }
}
