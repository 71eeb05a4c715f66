package org.wadi.spi.types;

import java.util.Objects;

/**
 * A named, typed column of a {@link Schema} or field of a STRUCT.
 *
 * @param name the name as users write it (unquoted identifiers are lower case)
 * @param type the data type
 * @param nullable whether the value may be SQL NULL
 */
public record Field(String name, DataType type, boolean nullable) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A nullable field. */
    public static Field of(String name, DataType type) {
        return new Field(name, type, true);
    }

    @Override
    public String toString() {
        return name + " " + type + (nullable ? "" : " NOT NULL");
    }
}
