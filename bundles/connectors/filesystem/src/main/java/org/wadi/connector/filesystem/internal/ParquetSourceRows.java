package org.wadi.connector.filesystem.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.PlainReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.EnumLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.StringLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.wadi.connector.parquet.ParquetCodecs;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * Reads the rows of one Parquet file as a table's rows, with parquet-java and without Hadoop
 * ({@link PlainReadOptions}, pages decompressed by {@link ParquetCodecs}). The table's columns are
 * found in the file by name (exactly, else ignoring case when that is unambiguous); the file's
 * other columns are not read. Each column's Parquet type must hold the table's type: integers of
 * any width and sign into any integer column (a value out of range fails, naming row and column),
 * FLOAT into REAL or DOUBLE, DOUBLE into DOUBLE, decimals (INT32, INT64, BINARY or fixed) into
 * DECIMAL, strings (or unannotated BINARY) into TEXT and JSON, BINARY into BYTEA, timestamps
 * (milli-, micro-, nanoseconds, or legacy INT96) into TIMESTAMP, DATE into DATE and times into TIME.
 * Anything else, a missing column or a nested one, is refused when the file is opened, naming the
 * file and the column.
 */
final class ParquetSourceRows implements AutoCloseable {

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;

    private final String where;
    private final ParquetFileReader reader;
    private final MessageType fileSchema;
    private final MessageType requested;
    private final Rows rows;
    private RecordReader<Object[]> records;
    private long leftInGroup;
    private long row;
    /** The index of the next row group to read. */
    private int nextGroup;

    private ParquetSourceRows(String where, ParquetFileReader reader, MessageType fileSchema, MessageType requested,
            Rows rows) {
        this.where = where;
        this.reader = reader;
        this.fileSchema = fileSchema;
        this.requested = requested;
        this.rows = rows;
    }

    /**
     * Opens a file and maps its columns to the table's.
     *
     * @param where the file's location and table, for messages
     * @throws ConnectorException when a column is missing, nested or of a type it cannot hold
     */
    static ParquetSourceRows open(InputFile file, String where, Schema schema) throws IOException, ConnectorException {
        ParquetFileReader reader = new ParquetFileReader(file, PlainReadOptions.create(new ParquetCodecs()));
        try {
            MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
            List<Type> columns = new ArrayList<>();
            List<ColumnConverter> converters = new ArrayList<>();
            for (int i = 0; i < schema.size(); i++) {
                Field f = schema.field(i);
                Type t = find(fileSchema, f.name(), where);
                if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
                    throw new ConnectorException(where + ": column '" + t.getName() + "' is " + t
                            + " (nested or repeated), which format = 'parquet' cannot read into " + f.type());
                }
                columns.add(t);
                converters.add(converter(t.asPrimitiveType(), f, i, where));
            }
            MessageType requested = new MessageType(fileSchema.getName(), columns);
            reader.setRequestedSchema(requested.getColumns());
            return new ParquetSourceRows(where, reader, fileSchema, requested,
                    new Rows(schema.size(), converters.toArray(new ColumnConverter[0])));
        } catch (ConnectorException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private static Type find(MessageType fileSchema, String name, String where) throws ConnectorException {
        if (fileSchema.containsField(name)) {
            return fileSchema.getType(name);
        }
        Type found = null;
        for (Type t : fileSchema.getFields()) {
            if (t.getName().equalsIgnoreCase(name)) {
                if (found != null) {
                    throw new ConnectorException(where + ": column '" + name + "' matches both '" + found.getName()
                            + "' and '" + t.getName() + "' ignoring case; name it exactly");
                }
                found = t;
            }
        }
        if (found == null) {
            List<String> names = new ArrayList<>();
            fileSchema.getFields().forEach(t -> names.add(t.getName()));
            throw new ConnectorException(where + " has no column '" + name + "' (its columns: "
                    + String.join(", ", names) + ")");
        }
        return found;
    }

    /** The next row, or {@code null} after the last. */
    Object[] next() throws IOException, ConnectorException {
        while (leftInGroup == 0) {
            PageReadStore pages = reader.readNextRowGroup();
            if (pages == null) {
                return null;
            }
            nextGroup++;
            leftInGroup = pages.getRowCount();
            records = new ColumnIOFactory().getColumnIO(requested, fileSchema).getRecordReader(pages, rows);
        }
        leftInGroup--;
        row++;
        rows.error = null;
        Object[] values = records.read();
        if (rows.error != null) {
            // the whole record was read: the next one starts cleanly
            throw new ConnectorException(where + " row " + row + ": " + rows.error);
        }
        return values;
    }

    /** Skips {@code n} rows (read before a restored checkpoint): whole row groups unread. */
    void skip(long n) throws IOException, ConnectorException {
        long left = n;
        while (left > 0 && leftInGroup == 0 && nextGroup < reader.getRowGroups().size()
                && reader.getRowGroups().get(nextGroup).getRowCount() <= left) {
            long count = reader.getRowGroups().get(nextGroup).getRowCount();
            reader.skipNextRowGroup();
            left -= count;
            row += count;
            nextGroup++;
        }
        while (left > 0) {
            if (next() == null) {
                throw new ConnectorException(where + " has only " + row + " rows, but " + n + " were read from it "
                        + "before the restored checkpoint; was it replaced?");
            }
            left--;
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** Builds one {@code Object[]} per record from the column converters. */
    private static final class Rows extends RecordMaterializer<Object[]> {
        private final int width;
        private final ColumnConverter[] columns;
        private Object[] values;
        /** The first value of the current record that did not fit its column. */
        String error;
        private final GroupConverter root = new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return columns[fieldIndex];
            }

            @Override
            public void start() {
                values = new Object[width];
            }

            @Override
            public void end() {
            }
        };

        Rows(int width, ColumnConverter[] columns) {
            this.width = width;
            this.columns = columns;
            for (ColumnConverter c : columns) {
                c.rows = this;
            }
        }

        @Override
        public Object[] getCurrentRecord() {
            return values;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }

    /** Puts one column's values into the row being built, converted to the table's type. */
    private abstract static class ColumnConverter extends PrimitiveConverter {
        final int index;
        final String column;
        Rows rows;

        ColumnConverter(int index, String column) {
            this.index = index;
            this.column = column;
        }

        void set(Object v) {
            rows.values[index] = v;
        }

        /** A value that does not fit: the column stays NULL and the reader fails or drops the row. */
        void refuse(String message) {
            if (rows.error == null) {
                rows.error = message;
            }
        }
    }

    private static ColumnConverter converter(PrimitiveType p, Field f, int index, String where)
            throws ConnectorException {
        DataType type = f.type();
        PrimitiveTypeName physical = p.getPrimitiveTypeName();
        LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
        String name = f.name();
        boolean plainInt = (physical == PrimitiveTypeName.INT32 || physical == PrimitiveTypeName.INT64)
                && (logical == null || logical instanceof IntLogicalTypeAnnotation);
        boolean unsigned = logical instanceof IntLogicalTypeAnnotation i && !i.isSigned();
        ColumnConverter c = switch (type.id()) {
            case BOOLEAN -> physical != PrimitiveTypeName.BOOLEAN ? null : new ColumnConverter(index, name) {
                @Override
                public void addBoolean(boolean v) {
                    set(v);
                }
            };
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> !plainInt ? null
                    : integer(type.id(), unsigned, index, name);
            case FLOAT32 -> physical != PrimitiveTypeName.FLOAT ? null : new ColumnConverter(index, name) {
                @Override
                public void addFloat(float v) {
                    set(v);
                }
            };
            case FLOAT64 -> physical != PrimitiveTypeName.FLOAT && physical != PrimitiveTypeName.DOUBLE ? null
                    : new ColumnConverter(index, name) {
                        @Override
                        public void addFloat(float v) {
                            set((double) v);
                        }

                        @Override
                        public void addDouble(double v) {
                            set(v);
                        }
                    };
            case DECIMAL -> !(logical instanceof DecimalLogicalTypeAnnotation d) ? null
                    : decimal(d.getScale(), type.scale(), index, name);
            case UTF8, JSON -> physical != PrimitiveTypeName.BINARY || !(logical == null
                    || logical instanceof StringLogicalTypeAnnotation || logical instanceof EnumLogicalTypeAnnotation
                    || logical instanceof JsonLogicalTypeAnnotation) ? null : new ColumnConverter(index, name) {
                        @Override
                        public void addBinary(Binary v) {
                            set(v.toStringUsingUTF8());
                        }
                    };
            case BINARY -> (physical != PrimitiveTypeName.BINARY && physical != PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                    || logical instanceof DecimalLogicalTypeAnnotation ? null : new ColumnConverter(index, name) {
                        @Override
                        public void addBinary(Binary v) {
                            set(v.getBytes());
                        }
                    };
            case TIMESTAMP -> timestamp(physical, logical, index, name);
            case DATE -> physical != PrimitiveTypeName.INT32 || !(logical instanceof DateLogicalTypeAnnotation) ? null
                    : new ColumnConverter(index, name) {
                        @Override
                        public void addInt(int v) {
                            set(v);
                        }
                    };
            case TIME -> !(logical instanceof TimeLogicalTypeAnnotation t) ? null
                    : scaled(nanosPer(t.getUnit()), index, name);
            default -> null;
        };
        if (c == null) {
            throw new ConnectorException(where + ": column '" + p.getName() + "' is Parquet "
                    + describe(p) + ", which cannot be read into column '" + name + "' of type " + type);
        }
        return c;
    }

    private static String describe(PrimitiveType p) {
        LogicalTypeAnnotation l = p.getLogicalTypeAnnotation();
        return p.getPrimitiveTypeName().name().toLowerCase(Locale.ROOT) + (l == null ? "" : " (" + l + ")");
    }

    private static long nanosPer(LogicalTypeAnnotation.TimeUnit unit) {
        return switch (unit) {
            case MILLIS -> 1_000_000L;
            case MICROS -> 1_000L;
            case NANOS -> 1L;
        };
    }

    private static ColumnConverter scaled(long factor, int index, String name) {
        return new ColumnConverter(index, name) {
            @Override
            public void addInt(int v) {
                set(v * factor);
            }

            @Override
            public void addLong(long v) {
                long scaled = v * factor;
                if (factor != 1 && scaled / factor != v) {
                    refuse("value " + v + " of column '" + column + "' is out of range in nanoseconds");
                    return;
                }
                set(scaled);
            }
        };
    }

    private static ColumnConverter timestamp(PrimitiveTypeName physical, LogicalTypeAnnotation logical, int index,
            String name) {
        if (physical == PrimitiveTypeName.INT96) {
            return new ColumnConverter(index, name) {
                @Override
                public void addBinary(Binary v) {
                    ByteBuffer b = v.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                    long nanosOfDay = b.getLong();
                    long julianDay = Integer.toUnsignedLong(b.getInt());
                    set((julianDay - JULIAN_EPOCH_DAY) * NANOS_PER_DAY + nanosOfDay);
                }
            };
        }
        if (physical == PrimitiveTypeName.INT64 && logical instanceof TimestampLogicalTypeAnnotation t) {
            return scaled(nanosPer(t.getUnit()), index, name);
        }
        return null;
    }

    private static ColumnConverter decimal(int fileScale, int tableScale, int index, String name) {
        return new ColumnConverter(index, name) {
            private void put(BigInteger unscaled) {
                set(new BigDecimal(unscaled, fileScale).setScale(tableScale, RoundingMode.HALF_UP));
            }

            @Override
            public void addInt(int v) {
                put(BigInteger.valueOf(v));
            }

            @Override
            public void addLong(long v) {
                put(BigInteger.valueOf(v));
            }

            @Override
            public void addBinary(Binary v) {
                put(new BigInteger(v.getBytes()));
            }
        };
    }

    private static ColumnConverter integer(TypeId target, boolean unsigned, int index, String name) {
        return new ColumnConverter(index, name) {
            @Override
            public void addInt(int v) {
                put(unsigned ? Integer.toUnsignedLong(v) : v, false);
            }

            @Override
            public void addLong(long v) {
                put(v, unsigned);
            }

            /** @param unsigned64 whether {@code v} is an unsigned 64-bit value */
            private void put(long v, boolean unsigned64) {
                boolean negative = !unsigned64 && v < 0;
                boolean huge = unsigned64 && v < 0;
                Object out = switch (target) {
                    case INT8 -> !huge && v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE ? (Object) (byte) v : null;
                    case INT16 -> !huge && v >= Short.MIN_VALUE && v <= Short.MAX_VALUE ? (Object) (short) v : null;
                    case INT32 -> !huge && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : null;
                    case INT64 -> !huge ? (Object) v : null;
                    case UINT8 -> !huge && v >= 0 && v <= 255 ? (Object) (short) v : null;
                    case UINT16 -> !huge && v >= 0 && v <= 65_535 ? (Object) (int) v : null;
                    case UINT32 -> !huge && v >= 0 && v <= 4_294_967_295L ? (Object) v : null;
                    case UINT64 -> !negative ? (Object) v : null;
                    default -> null;
                };
                if (out == null) {
                    refuse("value " + (unsigned64 ? Long.toUnsignedString(v) : Long.toString(v))
                            + " of column '" + column + "' does not fit its type " + target);
                    return;
                }
                set(out);
            }
        };
    }
}
