package org.wadi.connector.filesystem.internal;

import org.wadi.storage.FileNaming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wadi.formats.JsonFormat;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The validated options of a filesystem sink table, under Arroyo's names. The same parser reads
 * what users wrote (at {@code CREATE TABLE}) and the normalised options the plan carries (when a
 * worker creates the sink), so both are checked by one set of rules.
 *
 * @param path the folder, as written ({@code /data/out}, {@code file:///data/out}, {@code s3://bucket/out})
 * @param format the format (json or debezium_json) and its JSON options
 * @param fileSizeBytes roll a file once it holds this many bytes; 0 for no limit
 * @param intervalNanos roll a file this long after it was opened; 0 for never
 * @param inactivityNanos roll a file after this long without a write; 0 for never
 * @param rollOnWatermark {@code rolling_policy.watermark}: roll the files of time partitions the
 *     watermark has passed
 * @param prefix the file name prefix, or {@code null}
 * @param suffix the file name suffix (extension without the dot)
 * @param strategy how file names are made unique
 * @param timePattern the strftime pattern partitioning by event time, or {@code null}
 * @param partitionFields the columns partitioning Hive style ({@code field=value/}), in order
 * @param multipartTargetPartSize {@code multipart.target_part_size} in bytes, or {@code null}
 * @param multipartMaxParts {@code multipart.max_parts}, or {@code null}
 * @param parquetCompression {@code parquet.compression} when {@code format = 'parquet'}, else {@code null}
 * @param parquetRowGroupBytes {@code parquet.row_group_size} in bytes (Parquet only)
 */
record SinkConfig(
        String path,
        JsonFormat format,
        long fileSizeBytes,
        long intervalNanos,
        long inactivityNanos,
        boolean rollOnWatermark,
        String prefix,
        String suffix,
        FileNaming.Strategy strategy,
        String timePattern,
        List<String> partitionFields,
        Long multipartTargetPartSize,
        Long multipartMaxParts,
        String parquetCompression,
        long parquetRowGroupBytes) {

    static final String NAME = FileSystemConnector.NAME;
    static final String PATH = "path";
    static final String TYPE = "type";
    static final String FORMAT = JsonFormat.FORMAT;
    static final String FILE_SIZE = "rolling_policy.file_size";
    static final String INTERVAL = "rolling_policy.interval";
    static final String INACTIVITY = "rolling_policy.inactivity_interval";
    /** Wadi's own: Arroyo's rolling policy has no watermark option. */
    static final String WATERMARK = "rolling_policy.watermark";
    static final String PREFIX = "filename.prefix";
    static final String SUFFIX = "filename.suffix";
    static final String STRATEGY = "filename.strategy";
    static final String TIME_PATTERN = "partitioning.time_pattern";
    static final String FIELDS = "partitioning.fields";
    static final String SHUFFLE = "shuffle_by_partition.enabled";
    static final String PART_SIZE = "multipart.target_part_size";
    static final String MAX_PARTS = "multipart.max_parts";

    static final String PARQUET = "parquet";
    static final long DEFAULT_ROW_GROUP_BYTES = 64L * 1024 * 1024;

    /** Arroyo's smallest multipart part (S3's limit). */
    static final long MINIMUM_PART_SIZE = 5L * 1024 * 1024;


    SinkConfig {
        partitionFields = List.copyOf(partitionFields);
    }

    /**
     * Reads and validates every filesystem option; the caller then calls
     * {@link Options#checkAllKnown()}.
     *
     * @throws ConnectorException naming the option, the bad value and the valid ones
     */
    static SinkConfig parse(Options options) throws ConnectorException {
        String type = options.required(TYPE).trim();
        if (type.equals("source")) {
            throw new ConnectorException("filesystem table with type = 'source' cannot be written: declare a "
                    + "table with type = 'sink'");
        }
        if (!type.equals("sink")) {
            throw invalid(TYPE, type, "one of source, sink");
        }
        String path = options.required(PATH).trim();
        Locations.check(path);

        String format = options.asMap().get(FORMAT);
        String parquetCompression = null;
        long rowGroupBytes = DEFAULT_ROW_GROUP_BYTES;
        JsonFormat json;
        if (format != null && format.trim().equals(PARQUET)) {
            options.required(FORMAT);
            json = JsonFormat.DEFAULT;
            parquetCompression = ParquetRows.compression(options.optional(ParquetRows.COMPRESSION).orElse("zstd"))
                    .name().toLowerCase(java.util.Locale.ROOT);
            Optional<String> group = options.optional(ParquetRows.ROW_GROUP_SIZE);
            if (group.isPresent()) {
                try {
                    rowGroupBytes = OptionValues.dataSize(group.get());
                } catch (IllegalArgumentException e) {
                    throw invalid(ParquetRows.ROW_GROUP_SIZE, group.get(), e.getMessage());
                }
                if (rowGroupBytes < 1024 || rowGroupBytes > Integer.MAX_VALUE) {
                    throw invalid(ParquetRows.ROW_GROUP_SIZE, group.get(), "a size from 1KB to 2GB");
                }
            }
        } else {
            try {
                json = JsonFormat.fromOptions(options, true).orElseThrow();
            } catch (ConnectorException e) {
                if (e.getMessage().startsWith("Unsupported format")) {
                    throw new ConnectorException(e.getMessage() + ", " + PARQUET, e);
                }
                throw e;
            }
        }

        long fileSize = 0;
        Optional<String> size = options.optional(FILE_SIZE);
        if (size.isPresent()) {
            try {
                fileSize = OptionValues.dataSize(size.get());
            } catch (IllegalArgumentException e) {
                throw invalid(FILE_SIZE, size.get(), e.getMessage());
            }
            if (fileSize <= 0) {
                throw invalid(FILE_SIZE, size.get(), "a size above 0 bytes");
            }
        }
        long interval = duration(options, INTERVAL);
        long inactivity = duration(options, INACTIVITY);

        String prefix = options.optional(PREFIX).orElse(null);
        if (prefix != null) {
            checkNamePart(PREFIX, prefix);
        }
        String suffix = options.optional(SUFFIX).orElse(parquetCompression != null ? PARQUET : "json");
        checkNamePart(SUFFIX, suffix);
        FileNaming.Strategy strategy = FileNaming.Strategy.UUID;
        Optional<String> strategyText = options.optional(STRATEGY);
        if (strategyText.isPresent()) {
            strategy = FileNaming.Strategy.parse(strategyText.get());
            if (strategy == null) {
                throw invalid(STRATEGY, strategyText.get(), "one of " + FileNaming.Strategy.choices());
            }
        }

        String timePattern = options.optional(TIME_PATTERN).orElse(null);
        if (timePattern != null) {
            try {
                Partitioner.checkTimePattern(timePattern);
            } catch (IllegalArgumentException e) {
                throw invalid(TIME_PATTERN, timePattern, "a strftime pattern such as '%Y/%m/%d/%H' (" + e.getMessage()
                        + ")");
            }
        }
        boolean rollOnWatermark = options.booleanValue(WATERMARK, false);
        if (rollOnWatermark && timePattern == null) {
            throw new ConnectorException("Option '" + WATERMARK + "' = true of connector '" + NAME + "' rolls the files "
                    + "of time partitions the watermark has passed, so it needs '" + TIME_PATTERN + "' (e.g. "
                    + "'%Y/%m/%d/%H'); set one, or leave '" + WATERMARK + "' out");
        }
        List<String> fields = new ArrayList<>();
        Optional<String> fieldsText = options.optional(FIELDS);
        if (fieldsText.isPresent()) {
            fields = fieldList(fieldsText.get());
        }
        if (options.booleanValue(SHUFFLE, false)) {
            throw new ConnectorException("Option '" + SHUFFLE + "' = true of connector '" + NAME
                    + "' is not supported yet: rows are not shuffled by partition; leave it out or set it to false");
        }

        Long partSize = null;
        Optional<String> partText = options.optional(PART_SIZE);
        if (partText.isPresent()) {
            try {
                partSize = OptionValues.dataSize(partText.get());
            } catch (IllegalArgumentException e) {
                throw invalid(PART_SIZE, partText.get(), e.getMessage());
            }
            if (partSize < MINIMUM_PART_SIZE || partSize > 5L * 1024 * 1024 * 1024) {
                throw invalid(PART_SIZE, partText.get(), "from " + MINIMUM_PART_SIZE + " bytes (5MB) to 5GB, S3's limits");
            }
        }
        Long maxParts = null;
        if (options.asMap().containsKey(MAX_PARTS)) {
            maxParts = options.longValue(MAX_PARTS, 0);
            if (maxParts <= 0) {
                throw invalid(MAX_PARTS, options.asMap().get(MAX_PARTS), "a whole number above 0");
            }
        } else {
            options.optional(MAX_PARTS);
        }

        for (String key : options.asMap().keySet()) {
            if (key.startsWith("storage.") || key.startsWith("storage_options.")) {
                throw Locations.storageOptionRefused(key);
            }
            if (key.startsWith("source.")) {
                throw new ConnectorException("Option '" + key + "' of connector '" + NAME + "' belongs to type = "
                        + "'source'; this table has type = 'sink'");
            }
        }
        return new SinkConfig(path, json, fileSize, interval, inactivity, rollOnWatermark, prefix, suffix, strategy, timePattern,
                fields, partSize, maxParts, parquetCompression, rowGroupBytes);
    }

    /** Whether files are written as Parquet. */
    boolean parquet() {
        return parquetCompression != null;
    }

    /** The part size of multipart uploads: {@code multipart.target_part_size}, 5 MiB by default. */
    long partSize() {
        return multipartTargetPartSize == null ? MINIMUM_PART_SIZE : multipartTargetPartSize;
    }

    /** The most parts of one upload: {@code multipart.max_parts}, S3's 10000 by default. */
    int maxParts() {
        return multipartMaxParts == null ? 10_000 : (int) Math.min(10_000, multipartMaxParts);
    }

    /** The options the plan carries: everything validated, defaults filled in. */
    Map<String, String> toOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(PATH, path);
        out.put(TYPE, "sink");
        if (parquet()) {
            out.put(FORMAT, PARQUET);
            out.put(ParquetRows.COMPRESSION, parquetCompression);
            out.put(ParquetRows.ROW_GROUP_SIZE, Long.toString(parquetRowGroupBytes));
        } else {
            format.putInto(out);
        }
        if (fileSizeBytes > 0) {
            out.put(FILE_SIZE, Long.toString(fileSizeBytes));
        }
        if (intervalNanos > 0) {
            out.put(INTERVAL, OptionValues.formatDuration(intervalNanos));
        }
        if (inactivityNanos > 0) {
            out.put(INACTIVITY, OptionValues.formatDuration(inactivityNanos));
        }
        if (rollOnWatermark) {
            out.put(WATERMARK, "true");
        }
        if (prefix != null) {
            out.put(PREFIX, prefix);
        }
        out.put(SUFFIX, suffix);
        out.put(STRATEGY, strategy.option());
        if (timePattern != null) {
            out.put(TIME_PATTERN, timePattern);
        }
        if (!partitionFields.isEmpty()) {
            out.put(FIELDS, String.join(",", partitionFields));
        }
        if (multipartTargetPartSize != null) {
            out.put(PART_SIZE, Long.toString(multipartTargetPartSize));
        }
        if (multipartMaxParts != null) {
            out.put(MAX_PARTS, Long.toString(multipartMaxParts));
        }
        return out;
    }

    private static long duration(Options options, String key) throws ConnectorException {
        Optional<String> text = options.optional(key);
        if (text.isEmpty()) {
            return 0;
        }
        long nanos;
        try {
            nanos = OptionValues.durationNanos(text.get());
        } catch (IllegalArgumentException e) {
            throw invalid(key, text.get(), e.getMessage());
        }
        if (nanos < 1_000_000) {
            throw invalid(key, text.get(), "a duration of at least 1 millisecond");
        }
        return nanos;
    }

    /**
     * {@code partitioning.fields} as Arroyo reads it: a comma-separated list, or an SQL array
     * ({@code [a, b]}, {@code ARRAY['a','b']}, {@code (a, b)}) of names, quoted or not.
     */
    static List<String> fieldList(String text) throws ConnectorException {
        String s = text.trim();
        if (s.regionMatches(true, 0, "array", 0, 5)) {
            s = s.substring(5).trim();
        }
        if ((s.startsWith("[") && s.endsWith("]")) || (s.startsWith("(") && s.endsWith(")"))) {
            s = s.substring(1, s.length() - 1);
        }
        List<String> fields = new ArrayList<>();
        for (String part : s.split(",")) {
            String f = part.trim();
            if (f.length() >= 2 && ((f.startsWith("'") && f.endsWith("'")) || (f.startsWith("\"") && f.endsWith("\"")))) {
                f = f.substring(1, f.length() - 1);
            }
            if (f.isEmpty()) {
                throw invalid(FIELDS, text, "a comma-separated list of column names, e.g. 'region,kind'");
            }
            if (fields.contains(f)) {
                throw invalid(FIELDS, text, "each column at most once ('" + f + "' is repeated)");
            }
            fields.add(f);
        }
        return fields;
    }

    private static void checkNamePart(String key, String value) throws ConnectorException {
        if (value.isEmpty() || value.contains("/") || value.contains("\\") || value.equals(".") || value.equals("..")
                || value.chars().anyMatch(c -> c < 0x20)) {
            throw invalid(key, value, "text without '/', '\\' or control characters, usable in a file name");
        }
    }

    static ConnectorException invalid(String key, String value, String expected) {
        return new ConnectorException("Invalid value '" + value + "' for option '" + key + "' of connector '" + NAME
                + "': expected " + expected);
    }
}
