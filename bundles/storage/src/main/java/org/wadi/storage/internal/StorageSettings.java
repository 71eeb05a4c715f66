package org.wadi.storage.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * The storage settings as plain values: {@link StorageConfig} with the environment's
 * {@code WADI_*} overrides applied, so that the rest of the code (and the tests) need no OSGi.
 *
 * @param defaultUrl the default storage URL
 * @param s3 the S3 client's settings
 */
public record StorageSettings(String defaultUrl, S3Settings s3) {

    /**
     * Reads the configuration, letting {@code WADI_<KEY>} variables of {@code env} override it.
     *
     * @param karafData the {@code karaf.data} system property, or null outside Karaf
     */
    public static StorageSettings from(StorageConfig c, Function<String, String> env, String karafData) {
        Function<String, String> o = key -> {
            String v = env.apply(envName(key));
            return v == null || v.isBlank() ? null : v.trim();
        };
        String url = first(o.apply("storage.url"), c.storage_url());
        if (url == null) {
            Path base = karafData != null && !karafData.isBlank() ? Path.of(karafData)
                    : Path.of(System.getProperty("java.io.tmpdir"), "wadi");
            url = base.toAbsolutePath().resolve("checkpoints").toUri().toString();
        }
        String endpoint = first(o.apply("storage.s3.endpoint"), c.storage_s3_endpoint());
        String pathStyle = first(o.apply("storage.s3.path.style"), c.storage_s3_path_style());
        String checksums = first(o.apply("storage.s3.checksums"), c.storage_s3_checksums());
        long threshold = integer("storage.s3.multipart.threshold.mib", o.apply("storage.s3.multipart.threshold.mib"),
                c.storage_s3_multipart_threshold_mib());
        long part = integer("storage.s3.part.size.mib", o.apply("storage.s3.part.size.mib"), c.storage_s3_part_size_mib());
        S3Settings s3 = new S3Settings(
                endpoint,
                first(o.apply("storage.s3.region"), c.storage_s3_region()),
                pathStyle(pathStyle, endpoint != null),
                first(o.apply("storage.s3.access.key"), c.storage_s3_access_key()),
                first(o.apply("storage.s3.secret.key"), c.storage_s3_secret_key()),
                checksums(checksums),
                threshold * S3Settings.MIB,
                part * S3Settings.MIB);
        return new StorageSettings(url, s3);
    }

    static String envName(String key) {
        return "WADI_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static boolean pathStyle(String value, boolean endpointSet) {
        if (value == null) {
            return endpointSet;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("invalid storage.s3.path.style '" + value
                    + "': expected true, false, or empty (true when storage.s3.endpoint is set)");
        };
    }

    private static boolean checksums(String value) {
        String v = value == null ? "when_required" : value.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "when_required" -> true;
            case "when_supported" -> false;
            default -> throw new IllegalArgumentException("invalid storage.s3.checksums '" + value
                    + "': expected when_required or when_supported");
        };
    }

    private static String first(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        return b == null || b.isBlank() ? null : b.trim();
    }

    private static int integer(String key, String override, int configured) {
        if (override == null) {
            return configured;
        }
        try {
            return Integer.parseInt(override);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + " '" + override + "' (from " + envName(key)
                    + "): expected an integer", e);
        }
    }
}
