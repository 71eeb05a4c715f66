package org.wadi.connector.iceberg.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.wadi.connector.parquet.RowWriteSupport;
import org.wadi.connector.parquet.RowWriterBuilder;

/**
 * Writes rows into one Parquet data file of an Iceberg table: the table's schema converted with
 * Iceberg's field ids (so Iceberg readers match columns by id), values converted from the runtime's
 * (timestamps from nanoseconds to the table's unit, decimals to the table's scale).
 */
final class DataFileWriter implements AutoCloseable {

    private final ParquetWriter<Object[]> writer;
    private final PositionOutputStream stream;
    private long records;

    private DataFileWriter(ParquetWriter<Object[]> writer, PositionOutputStream stream) {
        this.writer = writer;
        this.stream = stream;
    }

    /**
     * @param mapping for each table column, the index of the row's value written into it, or -1
     */
    static DataFileWriter open(OutputFile file, org.apache.iceberg.Schema schema, int[] mapping,
            CompressionCodecName codec) throws IOException {
        MessageType message = ParquetSchemaUtil.convert(schema, "table");
        Target target = new Target(file);
        ParquetWriter<Object[]> w = RowWriterBuilder.of(target, new TableWriteSupport(message, schema.columns(), mapping))
                .withCompressionCodec(codec)
                .build();
        return new DataFileWriter(w, target.stream);
    }

    void write(Object[] row) throws IOException {
        writer.write(row);
        records++;
    }

    long records() {
        return records;
    }

    /** Bytes written so far, plus what the open row group buffers. */
    long size() {
        return writer.getDataSize();
    }

    /** Closes the file; its length afterwards. */
    long finish() throws IOException {
        writer.close();
        return stream.getPos();
    }

    /** Column metrics of the closed file (from its footer), as the table's metrics settings ask. */
    Metrics metrics(MetricsConfig config) {
        return ParquetUtil.footerMetrics(writer.getFooter(), Stream.empty(), config);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class TableWriteSupport extends RowWriteSupport {
        private final Type[] types;
        private final String[] names;
        private final PrimitiveType[] physical;
        private final int[] mapping;

        TableWriteSupport(MessageType message, List<Types.NestedField> fields, int[] mapping) {
            super(message);
            this.mapping = mapping;
            this.types = new Type[fields.size()];
            this.names = new String[fields.size()];
            this.physical = new PrimitiveType[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                types[i] = fields.get(i).type();
                names[i] = message.getType(i).getName();
                physical[i] = message.getType(i).isPrimitive() ? message.getType(i).asPrimitiveType() : null;
            }
        }

        @Override
        public void write(Object[] row) {
            consumer().startMessage();
            for (int i = 0; i < types.length; i++) {
                int from = mapping[i];
                Object v = from >= 0 && from < row.length ? row[from] : null;
                if (v == null) {
                    continue;
                }
                consumer().startField(names[i], i);
                value(i, v);
                consumer().endField(names[i], i);
            }
            consumer().endMessage();
        }

        private void value(int i, Object v) {
            Type type = types[i];
            switch (type.typeId()) {
                case BOOLEAN -> consumer().addBoolean((Boolean) v);
                case INTEGER, DATE -> consumer().addInteger(((Number) v).intValue());
                case LONG -> consumer().addLong(((Number) v).longValue());
                case FLOAT -> consumer().addFloat(((Number) v).floatValue());
                case DOUBLE -> consumer().addDouble(((Number) v).doubleValue());
                // the runtime's TIMESTAMP and TIME are nanoseconds; Iceberg's timestamp and time are micros
                case TIMESTAMP, TIME -> consumer().addLong(Math.floorDiv(((Number) v).longValue(), 1000L));
                case TIMESTAMP_NANO -> consumer().addLong(((Number) v).longValue());
                case STRING -> consumer().addBinary(Binary.fromString(v.toString()));
                case BINARY, FIXED -> consumer().addBinary(Binary.fromConstantByteArray((byte[]) v));
                case DECIMAL -> decimal(i, (Types.DecimalType) type, v);
                default -> throw new IllegalArgumentException("no Parquet value for column '" + names[i] + "' of type "
                        + type);
            }
        }

        private void decimal(int i, Types.DecimalType type, Object v) {
            BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
            BigInteger unscaled = d.setScale(type.scale(), RoundingMode.HALF_UP).unscaledValue();
            switch (physical[i].getPrimitiveTypeName()) {
                case INT32 -> consumer().addInteger(unscaled.intValueExact());
                case INT64 -> consumer().addLong(unscaled.longValueExact());
                default -> {
                    int length = physical[i].getTypeLength();
                    byte[] minimal = unscaled.toByteArray();
                    if (minimal.length > length) {
                        throw new ArithmeticException("value " + d + " of column '" + names[i] + "' does not fit "
                                + type);
                    }
                    byte[] fixed = new byte[length];
                    byte pad = (byte) (unscaled.signum() < 0 ? 0xFF : 0x00);
                    int offset = length - minimal.length;
                    for (int k = 0; k < offset; k++) {
                        fixed[k] = pad;
                    }
                    System.arraycopy(minimal, 0, fixed, offset, minimal.length);
                    consumer().addBinary(Binary.fromConstantByteArray(fixed));
                }
            }
        }
    }

    /** Parquet's view of an Iceberg output file. */
    private static final class Target implements org.apache.parquet.io.OutputFile {
        private final OutputFile file;
        private PositionOutputStream stream;

        Target(OutputFile file) {
            this.file = file;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return open(file.create());
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return open(file.createOrOverwrite());
        }

        private PositionOutputStream open(org.apache.iceberg.io.PositionOutputStream out) {
            stream = new PositionOutputStream() {
                @Override
                public long getPos() throws IOException {
                    return out.getPos();
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
            return stream;
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return file.location();
        }
    }
}
