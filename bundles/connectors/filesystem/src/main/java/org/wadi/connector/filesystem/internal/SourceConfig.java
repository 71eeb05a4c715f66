package org.wadi.connector.filesystem.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.wadi.formats.BadData;
import org.wadi.formats.JsonFormat;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The validated options of a filesystem source table ({@code type = 'source'}), under Arroyo's
 * names: {@code path} (a local folder or file, or {@code s3://bucket/prefix}),
 * {@code source.regex-pattern}, {@code compression_format}, {@code format} ({@code json},
 * {@code debezium_json}, {@code raw_string} or {@code parquet}) and {@code bad_data}.
 *
 * @param path the folder, file or object prefix, as written
 * @param regex only files whose path relative to {@code path} contains a match are read, or {@code null}
 * @param compression how files are compressed; {@link Compression#AUTO} decides by file extension
 * @param json the JSON format, or {@code null} for {@code raw_string} and {@code parquet}
 * @param parquet whether files are Parquet, read by column name ({@link ParquetSourceRows})
 * @param badData what to do with a line that cannot be decoded
 */
record SourceConfig(String path, Pattern regex, Compression compression, JsonFormat json, boolean parquet,
        BadData badData) {

    static final String REGEX = "source.regex-pattern";
    static final String COMPRESSION = "compression_format";
    static final String RAW_STRING = "raw_string";
    static final String PARQUET = "parquet";

    /** How source files are compressed: Arroyo's {@code compression_format}, or by extension. */
    enum Compression {
        AUTO, NONE, GZIP, ZSTD;

        String option() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The compression of a file named {@code name}, when this is {@link #AUTO}. */
        Compression of(String name) {
            if (this != AUTO) {
                return this;
            }
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".gz") || n.endsWith(".gzip")) {
                return GZIP;
            }
            if (n.endsWith(".zst") || n.endsWith(".zstd")) {
                return ZSTD;
            }
            return NONE;
        }
    }

    /**
     * Reads and validates a source table's options; the caller then calls
     * {@link Options#checkAllKnown()}.
     */
    static SourceConfig parse(Options options) throws ConnectorException {
        options.required(SinkConfig.TYPE);
        String path = options.required(SinkConfig.PATH).trim();
        if (path.isEmpty()) {
            throw SinkConfig.invalid(SinkConfig.PATH, path, "a folder, a file or s3://bucket/prefix");
        }
        Locations.check(path);
        Pattern regex = null;
        Optional<String> regexText = options.optional(REGEX);
        if (regexText.isPresent()) {
            try {
                regex = Pattern.compile(regexText.get());
            } catch (PatternSyntaxException e) {
                throw SinkConfig.invalid(REGEX, regexText.get(), "a regular expression (" + e.getDescription()
                        + " at index " + e.getIndex() + ")");
            }
        }
        Compression compression = Compression.AUTO;
        Optional<String> compressionText = options.optional(COMPRESSION);
        if (compressionText.isPresent()) {
            String c = compressionText.get().trim().toLowerCase(Locale.ROOT);
            compression = switch (c) {
                case "none" -> Compression.NONE;
                case "gzip" -> Compression.GZIP;
                case "zstd" -> Compression.ZSTD;
                default -> throw SinkConfig.invalid(COMPRESSION, compressionText.get(),
                        "one of none, gzip, zstd (or leave it out to decide by the file extension: .gz, .zst)");
            };
        }
        String format = options.required(JsonFormat.FORMAT).trim();
        JsonFormat json = null;
        boolean parquet = format.equalsIgnoreCase(PARQUET);
        if (parquet && compressionText.isPresent() && compression != Compression.NONE) {
            throw SinkConfig.invalid(COMPRESSION, compressionText.get(), "none with format = 'parquet': Parquet "
                    + "files compress their pages themselves");
        }
        if (!format.equals(RAW_STRING) && !parquet) {
            try {
                json = JsonFormat.fromOptions(options, true).orElseThrow();
            } catch (ConnectorException e) {
                if (e.getMessage().startsWith("Unsupported format")) {
                    throw new ConnectorException("Unsupported format '" + format + "' for connector '" + SinkConfig.NAME
                            + "'. Supported formats: " + JsonFormat.SUPPORTED_FORMATS + ", " + RAW_STRING + ", "
                            + PARQUET);
                }
                throw e;
            }
        }
        BadData badData = BadData.fromOptions(options);
        for (String key : options.asMap().keySet()) {
            if (key.startsWith("storage_options.") || key.startsWith("storage.")) {
                throw Locations.storageOptionRefused(key);
            }
        }
        return new SourceConfig(path, regex, compression, json, parquet, badData);
    }

    /** Whether each line is one {@code value} column. */
    boolean raw() {
        return json == null && !parquet;
    }

    /** The options the plan carries. */
    Map<String, String> toOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(SinkConfig.PATH, path);
        out.put(SinkConfig.TYPE, "source");
        if (parquet) {
            out.put(JsonFormat.FORMAT, PARQUET);
        } else if (json == null) {
            out.put(JsonFormat.FORMAT, RAW_STRING);
        } else {
            json.putInto(out);
        }
        if (regex != null) {
            out.put(REGEX, regex.pattern());
        }
        if (compression != Compression.AUTO) {
            out.put(COMPRESSION, compression.option());
        }
        out.put(BadData.OPTION, badData.option());
        return out;
    }
}
