package org.wadi.connector.pollinghttp.internal;

import org.wadi.formats.HttpOptions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The options of a {@code polling_http} table as written ({@code {{ VAR }}} references kept, so
 * that secrets stay out of the plan): {@link #endpoint} and {@link #headers} resolve them where
 * the requests are made.
 *
 * @param rawEndpoint the {@code endpoint} option
 * @param rawHeaders the {@code headers} option, or {@code null}
 * @param method {@code GET} (the default), {@code POST}, {@code PUT} or {@code PATCH}
 * @param body the request body, or {@code null}
 * @param pollIntervalMillis the time from the start of one poll to the start of the next
 * @param emitChanged whether a poll answered exactly as the last one emitted is skipped
 *     ({@code emit_behavior = 'changed'}) rather than emitted ({@code 'all'}, the default)
 */
record PollingConfig(String rawEndpoint, String rawHeaders, String method, String body, long pollIntervalMillis,
        boolean emitChanged) {

    static final String METHOD = "method";
    static final String BODY = "body";
    static final String POLL_INTERVAL_MS = "poll_interval_ms";
    static final String EMIT_BEHAVIOR = "emit_behavior";
    /** Arroyo's default interval. */
    static final long DEFAULT_INTERVAL_MILLIS = 1_000;

    /** Reads and checks the options, resolving their variables once to do so. */
    static PollingConfig read(Options options, Function<String, String> env) throws ConnectorException {
        String method = options.choice(METHOD, "GET", "GET", "POST", "PUT", "PATCH");
        long interval = options.longValue(POLL_INTERVAL_MS, DEFAULT_INTERVAL_MILLIS);
        if (interval < 1) {
            throw new ConnectorException("Invalid value '" + interval + "' for option '" + POLL_INTERVAL_MS
                    + "' of connector 'polling_http': expected a positive whole number of milliseconds");
        }
        boolean changed = options.choice(EMIT_BEHAVIOR, "all", "all", "changed").equals("changed");
        PollingConfig config = new PollingConfig(options.required(HttpOptions.ENDPOINT).trim(),
                options.optional(HttpOptions.HEADERS).orElse(null), method, options.optional(BODY).orElse(null),
                interval, changed);
        config.endpoint(env);
        config.headers(env);
        return config;
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static PollingConfig of(Map<String, String> options) {
        return new PollingConfig(options.get(HttpOptions.ENDPOINT), options.get(HttpOptions.HEADERS),
                options.get(METHOD), options.get(BODY), Long.parseLong(options.get(POLL_INTERVAL_MS)),
                "changed".equals(options.get(EMIT_BEHAVIOR)));
    }

    void putInto(Map<String, String> options) {
        options.put(HttpOptions.ENDPOINT, rawEndpoint);
        if (rawHeaders != null) {
            options.put(HttpOptions.HEADERS, rawHeaders);
        }
        options.put(METHOD, method);
        if (body != null) {
            options.put(BODY, body);
        }
        options.put(POLL_INTERVAL_MS, Long.toString(pollIntervalMillis));
        options.put(EMIT_BEHAVIOR, emitChanged ? "changed" : "all");
    }

    URI endpoint(Function<String, String> env) throws ConnectorException {
        return HttpOptions.endpoint(PollingHttpConnector.NAME, rawEndpoint, env, "http", "https");
    }

    List<HttpOptions.Header> headers(Function<String, String> env) throws ConnectorException {
        return HttpOptions.headers(PollingHttpConnector.NAME, rawHeaders, env, HttpOptions.CLIENT_HEADERS);
    }
}
