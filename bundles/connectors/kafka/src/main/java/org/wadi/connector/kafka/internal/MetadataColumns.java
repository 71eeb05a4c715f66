package org.wadi.connector.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * The columns of a source declared {@code METADATA FROM 'key'}, filled from each record rather
 * than from its value, with Arroyo's keys: {@code offset_id} (BIGINT), {@code partition} (INT),
 * {@code topic} (TEXT), {@code timestamp} (BIGINT milliseconds, or a TIMESTAMP column) and
 * {@code key} (BYTEA, or TEXT read as UTF-8). Recorded in the table's options as
 * {@code metadata.<column> = <key>}.
 */
final class MetadataColumns {

    static final List<String> KEYS = List.of("offset_id", "partition", "topic", "timestamp", "key");

    private final int[] positions;
    private final String[] keys;
    private final TypeId[] types;
    private final String[] names;

    private MetadataColumns(int[] positions, String[] keys, TypeId[] types, String[] names) {
        this.positions = positions;
        this.names = names;
        this.keys = keys;
        this.types = types;
    }

    /**
     * Checks the metadata columns of a table definition against its columns.
     *
     * @param metadata column to key, as the planner gives them
     * @param columns all declared columns
     * @return the options to record them: {@code metadata.<column> = <key>}
     */
    static Map<String, String> check(String table, Map<String, String> metadata, Schema columns)
            throws ConnectorException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String column = e.getKey();
            String key = e.getValue();
            if (!KEYS.contains(key)) {
                throw new ConnectorException("Unknown metadata key '" + key + "' for column '" + column
                        + "' of kafka table '" + table + "'. Supported keys: " + String.join(", ", KEYS));
            }
            int i = columns.indexOf(column);
            if (i < 0) {
                throw new ConnectorException("kafka table '" + table + "' has no column '" + column
                        + "' for metadata key '" + key + "'");
            }
            TypeId type = columns.field(i).type().id();
            boolean ok = switch (key) {
                case "offset_id" -> type == TypeId.INT64;
                case "partition" -> type == TypeId.INT32 || type == TypeId.INT64;
                case "topic" -> type == TypeId.UTF8;
                case "timestamp" -> type == TypeId.INT64 || type == TypeId.TIMESTAMP;
                default -> type == TypeId.BINARY || type == TypeId.UTF8;
            };
            if (!ok) {
                throw new ConnectorException("Column '" + column + "' of kafka table '" + table + "' has type "
                        + columns.field(i).type() + ", which cannot hold metadata key '" + key + "'; use "
                        + switch (key) {
                            case "offset_id" -> "BIGINT";
                            case "partition" -> "INT or BIGINT";
                            case "topic" -> "TEXT";
                            case "timestamp" -> "BIGINT (milliseconds) or TIMESTAMP";
                            default -> "BYTEA or TEXT";
                        });
            }
            out.put(KafkaConnector.METADATA_PREFIX + column, key);
        }
        return out;
    }

    /** The metadata columns recorded in a resolved table's options. */
    static MetadataColumns of(Map<String, String> options, Schema columns) {
        List<Integer> positions = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<TypeId> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (e.getKey().startsWith(KafkaConnector.METADATA_PREFIX)) {
                int i = columns.indexOf(e.getKey().substring(KafkaConnector.METADATA_PREFIX.length()));
                if (i >= 0) {
                    positions.add(i);
                    keys.add(e.getValue());
                    types.add(columns.field(i).type().id());
                    names.add(columns.field(i).name());
                }
            }
        }
        return new MetadataColumns(positions.stream().mapToInt(Integer::intValue).toArray(),
                keys.toArray(String[]::new), types.toArray(TypeId[]::new),
                names.toArray(String[]::new));
    }

    boolean isEmpty() {
        return positions.length == 0;
    }

    /** Whether column {@code index} is a metadata column. */
    boolean contains(int index) {
        for (int p : positions) {
            if (p == index) {
                return true;
            }
        }
        return false;
    }

    /** The columns that the value fills: all but the metadata ones. */
    Schema valueColumns(Schema columns) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!contains(i)) {
                fields.add(columns.field(i));
            }
        }
        return new Schema(fields);
    }

    /**
     * The metadata columns as the formats' {@code PayloadDecoder} takes them: each column names
     * itself, and {@link #value} gives its value for a record.
     */
    Map<String, String> byColumn() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, n);
        }
        return out;
    }

    /** The value of metadata column {@code column} for {@code record}, in the column's type. */
    Object value(String column, ConsumerRecord<byte[], byte[]> record) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(column)) {
                return switch (keys[i]) {
                    case "offset_id" -> record.offset();
                    case "partition" -> types[i] == TypeId.INT32 ? (Object) record.partition() : (long) record.partition();
                    case "topic" -> record.topic();
                    case "timestamp" -> types[i] == TypeId.TIMESTAMP ? record.timestamp() * 1_000_000L : record.timestamp();
                    default -> record.key() == null ? null
                            : types[i] == TypeId.UTF8 ? new String(record.key(), StandardCharsets.UTF_8) : record.key();
                };
            }
        }
        return null;
    }
}
