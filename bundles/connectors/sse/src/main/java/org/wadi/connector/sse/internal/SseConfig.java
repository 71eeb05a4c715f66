package org.wadi.connector.sse.internal;

import org.wadi.formats.HttpOptions;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.wadi.spi.connector.ConnectorException;

/**
 * The options of an {@code sse} table as written ({@code {{ VAR }}} references kept, so that
 * secrets stay out of the plan): {@link #endpoint} and {@link #headers} resolve them where the
 * stream is read.
 *
 * @param rawEndpoint the {@code endpoint} option
 * @param rawHeaders the {@code headers} option, or {@code null}
 * @param events the event types to read; empty for all
 */
record SseConfig(String rawEndpoint, String rawHeaders, Set<String> events) {

    static final String EVENTS = "events";
    /** Headers the source sets itself. */
    static final Set<String> OWN_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "last-event-id");

    /** Checks the options, resolving their variables once to do so. */
    static SseConfig check(String rawEndpoint, String rawHeaders, String events, Function<String, String> env)
            throws ConnectorException {
        SseConfig config = new SseConfig(rawEndpoint.trim(), rawHeaders, events(events));
        config.endpoint(env);
        config.headers(env);
        return config;
    }

    private static Set<String> events(String events) {
        Set<String> set = new LinkedHashSet<>();
        if (events != null) {
            Arrays.stream(events.split(",")).map(String::trim).filter(e -> !e.isEmpty()).forEach(set::add);
        }
        return Set.copyOf(set);
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static SseConfig of(Map<String, String> options) {
        return new SseConfig(options.get(HttpOptions.ENDPOINT), options.get(HttpOptions.HEADERS),
                events(options.get(EVENTS)));
    }

    void putInto(Map<String, String> options) {
        options.put(HttpOptions.ENDPOINT, rawEndpoint);
        if (rawHeaders != null) {
            options.put(HttpOptions.HEADERS, rawHeaders);
        }
        if (!events.isEmpty()) {
            options.put(EVENTS, String.join(",", events.stream().sorted().toList()));
        }
    }

    URI endpoint(Function<String, String> env) throws ConnectorException {
        return HttpOptions.endpoint(SseConnector.NAME, rawEndpoint, env, "http", "https");
    }

    List<HttpOptions.Header> headers(Function<String, String> env) throws ConnectorException {
        return HttpOptions.headers(SseConnector.NAME, rawHeaders, env, OWN_HEADERS);
    }
}
