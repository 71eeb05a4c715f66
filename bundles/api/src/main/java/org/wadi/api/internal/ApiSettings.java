package org.wadi.api.internal;

import java.util.Locale;
import java.util.Map;

/**
 * The API's settings with environment overrides applied and checked.
 *
 * @param maxQueryLength see {@link ApiConfig#api_max_query_length()}
 * @param maxParallelism see {@link ApiConfig#api_max_parallelism()}
 * @param maxBodyBytes see {@link ApiConfig#api_max_body_bytes()}
 * @param defaultPageLimit see {@link ApiConfig#api_page_default_limit()}
 * @param maxPageLimit see {@link ApiConfig#api_page_max_limit()}
 * @param defaultCheckpointIntervalMicros see {@link ApiConfig#api_default_checkpoint_interval_micros()}
 * @param heartbeatSeconds see {@link ApiConfig#api_sse_heartbeat_seconds()}
 * @param maxPipelines see {@link ApiConfig#api_max_pipelines()}
 * @param maxOutputStreams see {@link ApiConfig#api_max_output_streams()}
 * @param outputStreamMaxBytes see {@link ApiConfig#api_output_stream_max_bytes()}
 * @param outputStreamStallSeconds see {@link ApiConfig#api_output_stream_stall_seconds()}
 */
public record ApiSettings(
        int maxQueryLength,
        int maxParallelism,
        long maxBodyBytes,
        int defaultPageLimit,
        int maxPageLimit,
        long defaultCheckpointIntervalMicros,
        int heartbeatSeconds,
        int maxPipelines,
        int maxOutputStreams,
        long outputStreamMaxBytes,
        int outputStreamStallSeconds) {

    /** Checkpoint intervals outside 1 second to 1 day are refused, as in Arroyo. */
    public static final long MIN_CHECKPOINT_INTERVAL_MICROS = 1_000_000L;
    public static final long MAX_CHECKPOINT_INTERVAL_MICROS = 24L * 60 * 60 * 1_000_000L;

    public ApiSettings {
        positive("api.max.query.length", maxQueryLength);
        positive("api.max.parallelism", maxParallelism);
        positive("api.max.body.bytes", maxBodyBytes);
        positive("api.page.default.limit", defaultPageLimit);
        positive("api.page.max.limit", maxPageLimit);
        positive("api.sse.heartbeat.seconds", heartbeatSeconds);
        positive("api.max.pipelines", maxPipelines);
        positive("api.max.output.streams", maxOutputStreams);
        positive("api.output.stream.max.bytes", outputStreamMaxBytes);
        positive("api.output.stream.stall.seconds", outputStreamStallSeconds);
        if (defaultPageLimit > maxPageLimit) {
            throw new IllegalArgumentException("api.page.default.limit (" + defaultPageLimit
                    + ") must not exceed api.page.max.limit (" + maxPageLimit + ")");
        }
        if (defaultCheckpointIntervalMicros < MIN_CHECKPOINT_INTERVAL_MICROS
                || defaultCheckpointIntervalMicros > MAX_CHECKPOINT_INTERVAL_MICROS) {
            throw new IllegalArgumentException("api.default.checkpoint.interval.micros must be between "
                    + MIN_CHECKPOINT_INTERVAL_MICROS + " and " + MAX_CHECKPOINT_INTERVAL_MICROS + ", was "
                    + defaultCheckpointIntervalMicros);
        }
    }

    /** These settings with the defaults of {@link ApiConfig} for the server's resource caps. */
    public ApiSettings(int maxQueryLength, int maxParallelism, long maxBodyBytes, int defaultPageLimit,
            int maxPageLimit, long defaultCheckpointIntervalMicros, int heartbeatSeconds) {
        this(maxQueryLength, maxParallelism, maxBodyBytes, defaultPageLimit, maxPageLimit,
                defaultCheckpointIntervalMicros, heartbeatSeconds, 100, 64, 4_194_304L, 60);
    }

    /** The defaults of {@link ApiConfig}. */
    public static ApiSettings defaults() {
        return new ApiSettings(100_000, 64, 1_048_576L, 50, 1000, 10_000_000L, 15);
    }

    /** These settings with another cap on running pipelines. */
    public ApiSettings withMaxPipelines(int max) {
        return new ApiSettings(maxQueryLength, maxParallelism, maxBodyBytes, defaultPageLimit, maxPageLimit,
                defaultCheckpointIntervalMicros, heartbeatSeconds, max, maxOutputStreams, outputStreamMaxBytes,
                outputStreamStallSeconds);
    }

    /** The configuration with the {@code WADI_…} environment overrides found in {@code env}. */
    public static ApiSettings from(ApiConfig config, Map<String, String> env) {
        return new ApiSettings(
                (int) value(env, "api.max.query.length", config.api_max_query_length()),
                (int) value(env, "api.max.parallelism", config.api_max_parallelism()),
                value(env, "api.max.body.bytes", config.api_max_body_bytes()),
                (int) value(env, "api.page.default.limit", config.api_page_default_limit()),
                (int) value(env, "api.page.max.limit", config.api_page_max_limit()),
                value(env, "api.default.checkpoint.interval.micros", config.api_default_checkpoint_interval_micros()),
                (int) value(env, "api.sse.heartbeat.seconds", config.api_sse_heartbeat_seconds()),
                (int) value(env, "api.max.pipelines", config.api_max_pipelines()),
                (int) value(env, "api.max.output.streams", config.api_max_output_streams()),
                value(env, "api.output.stream.max.bytes", config.api_output_stream_max_bytes()),
                (int) value(env, "api.output.stream.stall.seconds", config.api_output_stream_stall_seconds()));
    }

    /** The environment variable that overrides {@code key}. */
    static String envName(String key) {
        return "WADI_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static long value(Map<String, String> env, String key, long configured) {
        String name = envName(key);
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return configured;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v > Integer.MAX_VALUE && !key.equals("api.max.body.bytes")
                    && !key.equals("api.default.checkpoint.interval.micros")
                    && !key.equals("api.output.stream.max.bytes")) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("environment variable " + name + " (overriding " + key
                    + ") must be a whole number, was '" + text + "'");
        }
    }

    private static void positive(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + value);
        }
    }
}
