package org.wadi.connector.filesystem.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Schema;
import org.wadi.spi.types.TypeId;

/**
 * Maps a row to the sub-folder of its partition, as Arroyo lays them out: the event time
 * formatted with {@code partitioning.time_pattern}, then {@code field=value} per partition
 * field, joined with {@code /} (e.g. {@code 2025/10/07/region=eu/kind=bid}). Values are escaped
 * as Hive escapes partition values (so that {@code /} or {@code ..} in data can never leave the
 * folder, and readers that understand Hive layouts decode them); NULL and empty values become
 * Hive's {@code __HIVE_DEFAULT_PARTITION__}.
 */
final class Partitioner {

    static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    private static final Set<TypeId> PARTITION_TYPES = Set.of(TypeId.BOOLEAN, TypeId.INT8, TypeId.INT16,
            TypeId.INT32, TypeId.INT64, TypeId.UINT8, TypeId.UINT16, TypeId.UINT32, TypeId.UINT64, TypeId.FLOAT32,
            TypeId.FLOAT64, TypeId.DECIMAL, TypeId.UTF8, TypeId.TIMESTAMP, TypeId.DATE, TypeId.TIME);

    private final TimePattern time;
    private final String[] names;
    private final int[] positions;
    private final DataType[] types;
    private final int timestampPosition;

    private Partitioner(TimePattern time, String[] names, int[] positions, DataType[] types, int timestampPosition) {
        this.time = time;
        this.names = names;
        this.positions = positions;
        this.types = types;
        this.timestampPosition = timestampPosition;
    }

    /**
     * The partitioner of a sink.
     *
     * @param schema the table's columns (rows carry them, then {@code _timestamp})
     * @param updating whether rows carry {@code _op} between the columns and {@code _timestamp}
     * @throws ConnectorException if a partition field is missing or of a type that cannot name a folder
     */
    static Partitioner create(SinkConfig config, Schema schema, boolean updating) throws ConnectorException {
        checkFields(config.partitionFields(), schema);
        List<String> fields = config.partitionFields();
        String[] names = fields.toArray(new String[0]);
        int[] positions = new int[names.length];
        DataType[] types = new DataType[names.length];
        for (int i = 0; i < names.length; i++) {
            positions[i] = schema.indexOf(names[i]);
            types[i] = schema.field(positions[i]).type();
        }
        TimePattern time = config.timePattern() == null ? null : TimePattern.compile(config.timePattern());
        return new Partitioner(time, names, positions, types, schema.size() + (updating ? 1 : 0));
    }

    /**
     * Checks that every partition field is a column whose values can name a folder.
     *
     * @throws ConnectorException naming the field and the columns
     */
    static void checkFields(List<String> fields, Schema schema) throws ConnectorException {
        for (String f : fields) {
            int i = schema.indexOf(f);
            if (i < 0 || f.equals(Schema.TIMESTAMP_FIELD)) {
                throw new ConnectorException("Partition field '" + f + "' of connector '" + FileSystemConnector.NAME
                        + "' (option '" + SinkConfig.FIELDS + "') is not a column of the table. Columns: "
                        + String.join(", ", schema.fields().stream().map(x -> x.name()).toList()));
            }
            TypeId type = schema.field(i).type().id();
            if (!PARTITION_TYPES.contains(type)) {
                throw new ConnectorException("Partition field '" + f + "' of connector '" + FileSystemConnector.NAME
                        + "' has type " + schema.field(i).type() + ", which cannot name a folder; partition by a "
                        + "text, number, boolean, date, time or timestamp column");
            }
        }
    }

    /**
     * Checks a time pattern: its specifiers are supported and it cannot make {@code .} or {@code ..}
     * folders.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static void checkTimePattern(String pattern) {
        TimePattern compiled = TimePattern.compile(pattern);
        for (long sample : new long[] {0L, 1_759_871_368_595_325_952L}) {
            for (String segment : compiled.format(sample).split("/")) {
                if (segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("it makes a '" + segment + "' folder");
                }
                if (segment.indexOf('\\') >= 0 || segment.chars().anyMatch(c -> c < 0x20)) {
                    throw new IllegalArgumentException("it makes a folder name with '\\' or a control character");
                }
            }
        }
    }

    boolean partitioned() {
        return time != null || names.length > 0;
    }

    /** Whether folders are named by event time ({@code partitioning.time_pattern}). */
    boolean byTime() {
        return time != null;
    }

    /** A row's event time ({@code _timestamp}, nanoseconds since the epoch). */
    long eventTime(Object[] row) {
        if (row.length <= timestampPosition || !(row[timestampPosition] instanceof Number ts)) {
            throw new IllegalArgumentException("row has no event time (_timestamp) at position " + timestampPosition
                    + (time == null ? "" : " to partition by '" + time.pattern() + "'"));
        }
        return ts.longValue();
    }

    /**
     * The folders the time pattern makes of an event time ({@code 2025/10/07}), empty without a
     * pattern: the time part of {@link #directory}.
     */
    String timeDirectory(long eventTimeNanos) {
        if (time == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(32);
        appendTime(eventTimeNanos, out);
        return out.toString();
    }

    private void appendTime(long eventTimeNanos, StringBuilder out) {
        for (String segment : time.format(eventTimeNanos).split("/")) {
            if (!segment.isEmpty()) {
                if (out.length() > 0) {
                    out.append('/');
                }
                out.append(segment);
            }
        }
    }

    /** The partition folder of a row, relative, with {@code /} separators; empty when unpartitioned. */
    String directory(Object[] row) {
        if (!partitioned()) {
            return "";
        }
        StringBuilder out = new StringBuilder(64);
        if (time != null) {
            appendTime(eventTime(row), out);
        }
        for (int i = 0; i < names.length; i++) {
            if (out.length() > 0) {
                out.append('/');
            }
            escape(names[i], out);
            out.append('=');
            Object v = positions[i] < row.length ? row[positions[i]] : null;
            String text = v == null ? "" : valueText(types[i], v);
            if (text.isEmpty()) {
                out.append(DEFAULT_PARTITION);
            } else {
                escape(text, out);
            }
        }
        return out.toString();
    }

    /** A value as text, as a cast to VARCHAR writes it. */
    static String valueText(DataType type, Object v) {
        return switch (type.id()) {
            case UINT64 -> Long.toUnsignedString(((Number) v).longValue());
            case BOOLEAN, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UTF8 -> v.toString();
            case FLOAT32 -> Float.toString(((Number) v).floatValue());
            case FLOAT64 -> Double.toString(((Number) v).doubleValue());
            case DECIMAL -> (v instanceof BigDecimal b ? b : new BigDecimal(v.toString()))
                    .setScale(type.scale(), RoundingMode.HALF_UP).toPlainString();
            case DATE -> LocalDate.ofEpochDay(((Number) v).longValue()).toString();
            case TIMESTAMP -> {
                long nanos = ((Number) v).longValue();
                long days = Math.floorDiv(nanos, 86_400_000_000_000L);
                yield LocalDate.ofEpochDay(days) + "T" + timeOfDay(Math.floorMod(nanos, 86_400_000_000_000L));
            }
            case TIME -> timeOfDay(((Number) v).longValue());
            default -> throw new IllegalArgumentException("no folder name for type " + type);
        };
    }

    /** {@code HH:MM:SS} and, when not whole, a fraction of 3, 6 or 9 digits. */
    private static String timeOfDay(long nanosOfDay) {
        long secs = nanosOfDay / 1_000_000_000L;
        int frac = (int) (nanosOfDay % 1_000_000_000L);
        String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
        if (frac == 0) {
            return hms;
        }
        String nine = String.format(Locale.ROOT, "%09d", frac);
        int digits = frac % 1_000_000 == 0 ? 3 : frac % 1_000 == 0 ? 6 : 9;
        return hms + "." + nine.substring(0, digits);
    }

    /** Hive's partition path escaping: control characters, quotes, slashes and the like as %XX. */
    static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || "\"#%'*/:=?\\{[]^".indexOf(c) >= 0) {
                out.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
            } else {
                out.append(c);
            }
        }
    }
}
