package org.wadi.connector.filesystem.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.wadi.connector.parquet.ParquetCodecs;
import org.wadi.connector.parquet.RowWriteSupport;
import org.wadi.connector.parquet.RowWriterBuilder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * Writes a table's rows as Parquet with parquet-java, without Hadoop: a {@link WriteSupport} for
 * {@code Object[]} rows, the table's columns mapped to Parquet types (all optional: SQL columns
 * may be NULL), pages compressed by {@link ParquetCodecs}, bytes going to any {@link OutputStream}.
 * Integers keep their width and signedness, TIMESTAMP is INT64 nanoseconds (UTC), DATE INT32
 * days, TIME INT64 nanoseconds, DECIMAL a decimal of its precision and scale, TEXT and JSON
 * strings, BYTEA binary. Nested types are refused when the table is checked.
 */
final class ParquetRows {

    static final String COMPRESSION = "parquet.compression";
    static final String ROW_GROUP_SIZE = "parquet.row_group_size";

    private final MessageType messageType;
    private final DataType[] types;
    private final String[] names;
    private final boolean delta;

    private ParquetRows(MessageType messageType, DataType[] types, String[] names, boolean delta) {
        this.messageType = messageType;
        this.types = types;
        this.names = names;
        this.delta = delta;
    }

    /**
     * The Parquet layout of a table's columns.
     *
     * @throws ConnectorException naming a column whose type has no Parquet mapping here
     */
    static ParquetRows of(Schema schema) throws ConnectorException {
        return of(schema, false);
    }

    /**
     * The Parquet layout of a table's columns; for a Delta table ({@code delta}) in the types
     * Delta's readers expect: TIMESTAMP as INT64 microseconds adjusted to UTC, unsigned integers
     * widened to the next signed type ({@code BIGINT UNSIGNED} as {@code DECIMAL(20,0)}), TIME
     * refused (Delta has no time type).
     */
    static ParquetRows of(Schema schema, boolean delta) throws ConnectorException {
        Types.MessageTypeBuilder message = Types.buildMessage();
        List<DataType> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Field f : schema.fields()) {
            message.addField(delta ? deltaColumn(f) : column(f));
            types.add(f.type());
            names.add(f.name());
        }
        return new ParquetRows(message.named("arrow_schema"), types.toArray(new DataType[0]),
                names.toArray(new String[0]), delta);
    }

    private static Type deltaColumn(Field f) throws ConnectorException {
        return switch (f.type().id()) {
            case UINT8 -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named(f.name());
            case UINT16 -> Types.optional(PrimitiveTypeName.INT32).named(f.name());
            case UINT32 -> Types.optional(PrimitiveTypeName.INT64).named(f.name());
            case UINT64 -> Types.optional(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.decimalType(0, 20)).named(f.name());
            case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(f.name());
            case TIME -> throw new ConnectorException("Column '" + f.name() + "' has type " + f.type() + ", which a "
                    + "Delta table cannot hold (Delta has no time type); cast it to BIGINT or TEXT");
            default -> column(f);
        };
    }

    /** Checks that every column can be written as Parquet. */
    static void check(Schema schema) throws ConnectorException {
        of(schema);
    }

    private static Type column(Field f) throws ConnectorException {
        DataType t = f.type();
        return switch (t.id()) {
            case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(f.name());
            case INT8 -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(8, true)).named(f.name());
            case INT16 -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named(f.name());
            case INT32 -> Types.optional(PrimitiveTypeName.INT32).named(f.name());
            case INT64 -> Types.optional(PrimitiveTypeName.INT64).named(f.name());
            case UINT8 -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(8, false)).named(f.name());
            case UINT16 -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, false)).named(f.name());
            case UINT32 -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(32, false)).named(f.name());
            case UINT64 -> Types.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named(f.name());
            case FLOAT32 -> Types.optional(PrimitiveTypeName.FLOAT).named(f.name());
            case FLOAT64 -> Types.optional(PrimitiveTypeName.DOUBLE).named(f.name());
            case DECIMAL -> Types.optional(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.decimalType(t.scale(), t.precision())).named(f.name());
            case UTF8 -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(f.name());
            case JSON -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.jsonType()).named(f.name());
            case BINARY -> Types.optional(PrimitiveTypeName.BINARY).named(f.name());
            case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.NANOS)).named(f.name());
            case DATE -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(f.name());
            case TIME -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timeType(false, TimeUnit.NANOS)).named(f.name());
            default -> throw new ConnectorException("Column '" + f.name() + "' has type " + t + ", which format = "
                    + "'parquet' of connector '" + SinkConfig.NAME + "' cannot write yet; cast it to TEXT (e.g. as "
                    + "JSON) or leave it out");
        };
    }

    /** Parses {@code parquet.compression}: Arroyo's names, upper or lower case. */
    static CompressionCodecName compression(String value) throws ConnectorException {
        String v = value.trim().toUpperCase(Locale.ROOT);
        CompressionCodecName codec = switch (v) {
            case "NONE", "UNCOMPRESSED" -> CompressionCodecName.UNCOMPRESSED;
            case "SNAPPY" -> CompressionCodecName.SNAPPY;
            case "GZIP" -> CompressionCodecName.GZIP;
            case "ZSTD" -> CompressionCodecName.ZSTD;
            case "LZ4", "LZ4_RAW" -> CompressionCodecName.LZ4_RAW;
            default -> null;
        };
        if (codec == null) {
            throw SinkConfig.invalid(COMPRESSION, value, "one of none, uncompressed, snappy, gzip, zstd, lz4");
        }
        return codec;
    }

    /** A writer of rows into {@code out}, which it does not close. */
    ParquetWriter<Object[]> writer(OutputStream out, CompressionCodecName codec, long rowGroupBytes)
            throws IOException {
        return RowWriterBuilder.of(new StreamFile(out), new TableWriteSupport(this))
                .withCompressionCodec(codec)
                .withRowGroupSize(rowGroupBytes)
                .build();
    }

    private static final class TableWriteSupport extends RowWriteSupport {
        private final ParquetRows rows;

        TableWriteSupport(ParquetRows rows) {
            super(rows.messageType);
            this.rows = rows;
        }

        @Override
        public void write(Object[] row) {
            consumer().startMessage();
            for (int i = 0; i < rows.types.length; i++) {
                Object v = i < row.length ? row[i] : null;
                if (v == null) {
                    continue;
                }
                consumer().startField(rows.names[i], i);
                value(rows.types[i], v);
                consumer().endField(rows.names[i], i);
            }
            consumer().endMessage();
        }

        private void value(DataType type, Object v) {
            TypeId id = type.id();
            if (rows.delta) {
                switch (id) {
                    case UINT32 -> {
                        consumer().addLong(((Number) v).longValue());
                        return;
                    }
                    case UINT64 -> {
                        byte[] unsigned = new java.math.BigInteger(Long.toUnsignedString(((Number) v).longValue()))
                                .toByteArray();
                        consumer().addBinary(Binary.fromConstantByteArray(unsigned));
                        return;
                    }
                    case TIMESTAMP -> {
                        consumer().addLong(Math.floorDiv(((Number) v).longValue(), 1_000L));
                        return;
                    }
                    default -> {
                        // as in any Parquet file
                    }
                }
            }
            switch (id) {
                case BOOLEAN -> consumer().addBoolean((Boolean) v);
                case INT8, INT16, INT32, UINT8, UINT16, DATE -> consumer().addInteger(((Number) v).intValue());
                case UINT32 -> consumer().addInteger((int) ((Number) v).longValue());
                case INT64, UINT64, TIMESTAMP, TIME -> consumer().addLong(((Number) v).longValue());
                case FLOAT32 -> consumer().addFloat(((Number) v).floatValue());
                case FLOAT64 -> consumer().addDouble(((Number) v).doubleValue());
                case DECIMAL -> {
                    BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
                    byte[] unscaled = d.setScale(type.scale(), RoundingMode.HALF_UP).unscaledValue().toByteArray();
                    consumer().addBinary(Binary.fromConstantByteArray(unscaled));
                }
                case UTF8, JSON -> consumer().addBinary(Binary.fromString(v.toString()));
                case BINARY -> consumer().addBinary(Binary.fromConstantByteArray((byte[]) v));
                default -> throw new IllegalArgumentException("no Parquet value for type " + type);
            }
        }
    }

    /** An output file that is a stream owned by the sink: closing it only flushes. */
    private static final class StreamFile implements OutputFile {
        private final OutputStream out;

        StreamFile(OutputStream out) {
            this.out = out;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long pos;

                @Override
                public long getPos() {
                    return pos;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    pos++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    pos += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
