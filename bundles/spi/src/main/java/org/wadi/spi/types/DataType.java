package org.wadi.spi.types;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * A SQL data type: a {@link TypeId} plus what that kind needs (precision and scale of a DECIMAL,
 * the fields of a STRUCT, the element of a LIST). Immutable; compare with {@code equals}.
 *
 * @param id the kind of value
 * @param precision DECIMAL precision or TIMESTAMP fractional-second digits; 0 where unused
 * @param scale DECIMAL scale; 0 where unused
 * @param fields the fields of a STRUCT; empty otherwise
 * @param element the element type of a LIST; {@code null} otherwise
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record DataType(TypeId id, int precision, int scale, List<Field> fields, DataType element) {

    public static final DataType BOOLEAN = of(TypeId.BOOLEAN);
    public static final DataType INT8 = of(TypeId.INT8);
    public static final DataType INT16 = of(TypeId.INT16);
    public static final DataType INT32 = of(TypeId.INT32);
    public static final DataType INT64 = of(TypeId.INT64);
    public static final DataType UINT8 = of(TypeId.UINT8);
    public static final DataType UINT16 = of(TypeId.UINT16);
    public static final DataType UINT32 = of(TypeId.UINT32);
    public static final DataType UINT64 = of(TypeId.UINT64);
    public static final DataType FLOAT32 = of(TypeId.FLOAT32);
    public static final DataType FLOAT64 = of(TypeId.FLOAT64);
    public static final DataType UTF8 = of(TypeId.UTF8);
    public static final DataType BINARY = of(TypeId.BINARY);
    /** TIMESTAMP with nanosecond precision, the type of {@code _timestamp}. */
    public static final DataType TIMESTAMP = new DataType(TypeId.TIMESTAMP, 9, 0, List.of(), null);
    public static final DataType DATE = of(TypeId.DATE);
    public static final DataType TIME = of(TypeId.TIME);
    public static final DataType INTERVAL = of(TypeId.INTERVAL);
    public static final DataType JSON = of(TypeId.JSON);

    public DataType {
        Objects.requireNonNull(id, "id");
        fields = fields == null ? List.of() : List.copyOf(fields);
        if (id == TypeId.LIST && element == null) {
            throw new IllegalArgumentException("a LIST type needs an element type");
        }
    }

    /** A type that needs no parameters. */
    public static DataType of(TypeId id) {
        return new DataType(id, 0, 0, List.of(), null);
    }

    /** DECIMAL(precision, scale). */
    public static DataType decimal(int precision, int scale) {
        return new DataType(TypeId.DECIMAL, precision, scale, List.of(), null);
    }

    /** TIMESTAMP(precision): 0, 3, 6 or 9 fractional-second digits. */
    public static DataType timestamp(int precision) {
        return new DataType(TypeId.TIMESTAMP, precision, 0, List.of(), null);
    }

    /** A STRUCT of the given fields. */
    public static DataType struct(List<Field> fields) {
        return new DataType(TypeId.STRUCT, 0, 0, fields, null);
    }

    /** A LIST of the given element type. */
    public static DataType list(DataType element) {
        return new DataType(TypeId.LIST, 0, 0, List.of(), element);
    }

    /** Whether values of this type are numbers. */
    @JsonIgnore
    public boolean isNumeric() {
        return switch (id) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64, DECIMAL -> true;
            default -> false;
        };
    }

    /** The SQL spelling of this type, as shown to users. */
    @Override
    public String toString() {
        return switch (id) {
            case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
            case TIMESTAMP -> precision == 9 ? "TIMESTAMP" : "TIMESTAMP(" + precision + ")";
            case STRUCT -> "STRUCT<" + String.join(", ", fields.stream().map(Field::toString).toList()) + ">";
            case LIST -> element + "[]";
            case UTF8 -> "TEXT";
            case BINARY -> "BYTEA";
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
            default -> id.name();
        };
    }
}
