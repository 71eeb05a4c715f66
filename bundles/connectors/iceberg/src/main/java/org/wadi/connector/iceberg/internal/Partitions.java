package org.wadi.connector.iceberg.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Partition values of rows written into a partitioned table: a row seen in Iceberg's internal
 * representation (for {@link org.apache.iceberg.PartitionKey} to apply the spec's transforms), and
 * partition tuples written to and read from the checkpoint state as JSON.
 */
final class Partitions {

    private Partitions() {
    }

    /** A runtime row as Iceberg's internal values, by table column position. */
    static final class RowView implements StructLike {
        private final Type[] types;
        private final int[] mapping;
        private Object[] row;

        RowView(List<Types.NestedField> columns, int[] mapping) {
            this.types = columns.stream().map(Types.NestedField::type).toArray(Type[]::new);
            this.mapping = mapping;
        }

        RowView wrap(Object[] row) {
            this.row = row;
            return this;
        }

        @Override
        public int size() {
            return types.length;
        }

        @Override
        public <T> T get(int pos, Class<T> javaClass) {
            int from = mapping[pos];
            Object v = from >= 0 && from < row.length ? row[from] : null;
            return javaClass.cast(v == null ? null : internal(types[pos], v));
        }

        @Override
        public <T> void set(int pos, T value) {
            throw new UnsupportedOperationException("a row view is read only");
        }

        private static Object internal(Type type, Object v) {
            return switch (type.typeId()) {
                case INTEGER, DATE -> ((Number) v).intValue();
                case LONG, TIMESTAMP_NANO -> ((Number) v).longValue();
                case TIMESTAMP, TIME -> Math.floorDiv(((Number) v).longValue(), 1000L);
                case FLOAT -> ((Number) v).floatValue();
                case DOUBLE -> ((Number) v).doubleValue();
                case STRING -> v.toString();
                case BINARY, FIXED -> ByteBuffer.wrap((byte[]) v);
                case DECIMAL -> (v instanceof BigDecimal b ? b : new BigDecimal(v.toString()))
                        .setScale(((Types.DecimalType) type).scale(), RoundingMode.HALF_UP);
                default -> v;
            };
        }
    }

    /** A partition tuple as JSON, typed by the spec's partition type. */
    static ArrayNode toJson(PartitionSpec spec, StructLike partition) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        List<Types.NestedField> fields = spec.partitionType().fields();
        for (int i = 0; i < fields.size(); i++) {
            Object v = partition.get(i, Object.class);
            if (v == null) {
                out.addNull();
                continue;
            }
            switch (fields.get(i).type().typeId()) {
                case BOOLEAN -> out.add((Boolean) v);
                case INTEGER, DATE -> out.add(((Number) v).intValue());
                case LONG, TIME, TIMESTAMP, TIMESTAMP_NANO -> out.add(((Number) v).longValue());
                case FLOAT -> out.add(((Number) v).floatValue());
                case DOUBLE -> out.add(((Number) v).doubleValue());
                case DECIMAL -> out.add(((BigDecimal) v).toPlainString());
                case BINARY, FIXED -> {
                    ByteBuffer b = ((ByteBuffer) v).duplicate();
                    byte[] bytes = new byte[b.remaining()];
                    b.get(bytes);
                    out.add(Base64.getEncoder().encodeToString(bytes));
                }
                default -> out.add(v.toString());
            }
        }
        return out;
    }

    /** The tuple {@link #toJson} wrote, for {@code DataFiles.Builder.withPartition}. */
    static StructLike fromJson(PartitionSpec spec, JsonNode values) {
        List<Types.NestedField> fields = spec.partitionType().fields();
        if (values == null || !values.isArray() || values.size() != fields.size()) {
            throw new IllegalArgumentException("the checkpoint's partition values " + values + " do not fit the table's "
                    + "partition spec " + spec + "; was the table's partitioning changed?");
        }
        Object[] out = new Object[fields.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = values.get(i);
            if (v == null || v.isNull()) {
                continue;
            }
            out[i] = switch (fields.get(i).type().typeId()) {
                case BOOLEAN -> v.asBoolean();
                case INTEGER, DATE -> v.asInt();
                case LONG, TIME, TIMESTAMP, TIMESTAMP_NANO -> v.asLong();
                case FLOAT -> (float) v.asDouble();
                case DOUBLE -> v.asDouble();
                case DECIMAL -> new BigDecimal(v.asText());
                case BINARY, FIXED -> ByteBuffer.wrap(Base64.getDecoder().decode(v.asText()));
                case UUID -> UUID.fromString(v.asText());
                default -> v.asText();
            };
        }
        return new Tuple(out);
    }

    private record Tuple(Object[] values) implements StructLike {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public <T> T get(int pos, Class<T> javaClass) {
            return javaClass.cast(values[pos]);
        }

        @Override
        public <T> void set(int pos, T value) {
            values[pos] = value;
        }
    }
}
