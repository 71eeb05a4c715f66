package org.wadi.connector.webhook.internal;

import org.wadi.formats.HttpOptions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.wadi.spi.connector.ConnectorException;

/**
 * The options of a {@code webhook} table as written ({@code {{ VAR }}} references kept, so that
 * secrets stay out of the plan): {@link #endpoint} and {@link #headers} resolve them where the
 * requests are made.
 *
 * @param rawEndpoint the {@code endpoint} option
 * @param rawHeaders the {@code headers} option, or {@code null}
 */
record WebhookConfig(String rawEndpoint, String rawHeaders) {

    /** Checks the options, resolving their variables once to do so. */
    static WebhookConfig check(String rawEndpoint, String rawHeaders, Function<String, String> env)
            throws ConnectorException {
        WebhookConfig config = new WebhookConfig(rawEndpoint.trim(), rawHeaders);
        config.endpoint(env);
        config.headers(env);
        return config;
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static WebhookConfig of(Map<String, String> options) {
        return new WebhookConfig(options.get(HttpOptions.ENDPOINT), options.get(HttpOptions.HEADERS));
    }

    void putInto(Map<String, String> options) {
        options.put(HttpOptions.ENDPOINT, rawEndpoint);
        if (rawHeaders != null) {
            options.put(HttpOptions.HEADERS, rawHeaders);
        }
    }

    URI endpoint(Function<String, String> env) throws ConnectorException {
        return HttpOptions.endpoint(WebhookConnector.NAME, rawEndpoint, env, "http", "https");
    }

    List<HttpOptions.Header> headers(Function<String, String> env) throws ConnectorException {
        return HttpOptions.headers(WebhookConnector.NAME, rawHeaders, env, HttpOptions.CLIENT_HEADERS);
    }
}
