package org.wadi.spi.types;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The columns of a row, in order. Rows that flow between operators carry the event time in the
 * hidden column {@value #TIMESTAMP_FIELD} (a {@link TypeId#TIMESTAMP}), which is always the last one.
 *
 * @param fields the columns
 */
public record Schema(List<Field> fields) {

    /** The hidden event-time column every row between operators carries, last. */
    public static final String TIMESTAMP_FIELD = "_timestamp";

    /**
     * The hidden column of updating rows (a changelog): an INT {@link RowKind} saying whether the
     * row is inserted, retracted or the old or new side of an update. When present it is the
     * second-to-last column, just before {@value #TIMESTAMP_FIELD}.
     */
    public static final String OP_FIELD = "_op";

    public Schema {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public static Schema of(Field... fields) {
        return new Schema(List.of(fields));
    }

    /** Number of columns. */
    public int size() {
        return fields.size();
    }

    public Field field(int index) {
        return fields.get(index);
    }

    /** The index of the column with this name, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<Field> find(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(fields.get(i));
    }

    /** This schema with the hidden {@value #TIMESTAMP_FIELD} column appended, if it lacks it. */
    public Schema withTimestamp() {
        if (indexOf(TIMESTAMP_FIELD) >= 0) {
            return this;
        }
        List<Field> all = new ArrayList<>(fields);
        all.add(new Field(TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        return new Schema(all);
    }

    /** Whether rows of this schema are updating: they carry {@value #OP_FIELD} before {@value #TIMESTAMP_FIELD}. */
    @JsonIgnore
    public boolean isUpdating() {
        return fields.size() >= 2 && fields.get(fields.size() - 2).name().equals(OP_FIELD);
    }

    /**
     * This schema (with {@value #TIMESTAMP_FIELD} last) made updating: {@value #OP_FIELD} inserted
     * before the event time, if it lacks it.
     */
    public Schema withOp() {
        Schema s = withTimestamp();
        if (s.isUpdating()) {
            return s;
        }
        List<Field> all = new ArrayList<>(s.fields);
        all.add(all.size() - 1, new Field(OP_FIELD, DataType.INT32, false));
        return new Schema(all);
    }

    /** This schema without the hidden {@value #TIMESTAMP_FIELD} column: what users see. */
    @JsonIgnore
    public Schema visible() {
        return new Schema(fields.stream().filter(f -> !f.name().equals(TIMESTAMP_FIELD) && !f.name().equals(OP_FIELD)).toList());
    }
}
