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
            default -> throw new UnsupportedException("the type " + type.getFullTypeString().replace(" NOT NULL", "")
                    + " is not supported yet");
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
}
