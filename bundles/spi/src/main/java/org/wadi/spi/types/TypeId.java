package org.wadi.spi.types;

/**
 * The kinds of values Wadi carries. Each names the Java class that represents a non-null value of
 * it inside a row; {@code null} is SQL NULL for every kind.
 */
public enum TypeId {
    /** {@link Boolean}. */
    BOOLEAN,
    /** {@link Byte}. */
    INT8,
    /** {@link Short}. */
    INT16,
    /** {@link Integer}. */
    INT32,
    /** {@link Long}. */
    INT64,
    /** {@link Short}, 0 to 255. */
    UINT8,
    /** {@link Integer}, 0 to 65,535. */
    UINT16,
    /** {@link Long}, 0 to 2^32-1. */
    UINT32,
    /** {@link Long} read as unsigned (see {@link Long#toUnsignedString(long)}). */
    UINT64,
    /** {@link Float}. */
    FLOAT32,
    /** {@link Double}. */
    FLOAT64,
    /** {@link java.math.BigDecimal} with the type's precision and scale. */
    DECIMAL,
    /** {@link String}. */
    UTF8,
    /** {@code byte[]}. */
    BINARY,
    /** {@link Long}: nanoseconds since the Unix epoch, UTC, without a time zone (as Arroyo). */
    TIMESTAMP,
    /** {@link Integer}: days since the Unix epoch. */
    DATE,
    /** {@link Long}: nanoseconds since midnight. */
    TIME,
    /** {@link Long}: a duration in nanoseconds. */
    INTERVAL,
    /** {@link String} holding JSON text. */
    JSON,
    /** {@code Object[]}, one value per field of the struct, in field order. */
    STRUCT,
    /** {@link java.util.List} of values of the element type. */
    LIST
}
