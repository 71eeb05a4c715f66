package org.wadi.connector.websocket.internal;

import org.wadi.formats.HttpOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The options of a {@code websocket} table as written ({@code {{ VAR }}} references kept, so that
 * secrets stay out of the plan): {@link #endpoint} and {@link #headers} resolve them where the
 * socket is opened. The messages sent on connecting are Arroyo's {@code subscription_messages.0},
 * {@code subscription_messages.1}, … in order, or the older single {@code subscription_message}.
 *
 * @param rawEndpoint the {@code endpoint} option
 * @param rawHeaders the {@code headers} option, or {@code null}
 * @param subscriptionMessages the messages to send after connecting, in order
 */
record WebsocketConfig(String rawEndpoint, String rawHeaders, List<String> subscriptionMessages) {

    static final String SUBSCRIPTION_MESSAGE = "subscription_message";
    static final String SUBSCRIPTION_MESSAGES = "subscription_messages";
    /** Arroyo's bound on one subscription message. */
    static final int MAX_MESSAGE_LENGTH = 2048;
    /** Headers the JDK's WebSocket client sets itself and refuses to take from us. */
    static final Set<String> OWN_HEADERS;

    static {
        Set<String> own = new HashSet<>(HttpOptions.CLIENT_HEADERS);
        own.add("sec-websocket-*");
        OWN_HEADERS = Set.copyOf(own);
    }

    WebsocketConfig {
        subscriptionMessages = List.copyOf(subscriptionMessages);
    }

    /** Reads and checks the options, resolving their variables once to do so. */
    static WebsocketConfig read(Options options, Function<String, String> env) throws ConnectorException {
        List<String> messages = new ArrayList<>();
        Optional<String> single = options.optional(SUBSCRIPTION_MESSAGE);
        for (int i = 0;; i++) {
            Optional<String> m = options.optional(SUBSCRIPTION_MESSAGES + "." + i);
            if (m.isEmpty()) {
                break;
            }
            messages.add(m.get());
        }
        if (single.isPresent()) {
            if (!messages.isEmpty()) {
                throw new ConnectorException("Options '" + SUBSCRIPTION_MESSAGE + "' and '" + SUBSCRIPTION_MESSAGES
                        + ".0' of connector 'websocket' exclude each other: give the messages as "
                        + SUBSCRIPTION_MESSAGES + ".0, " + SUBSCRIPTION_MESSAGES + ".1, …");
            }
            messages.add(single.get());
        }
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).length() > MAX_MESSAGE_LENGTH) {
                throw new ConnectorException("Invalid value for option '" + (single.isPresent() ? SUBSCRIPTION_MESSAGE
                        : SUBSCRIPTION_MESSAGES + "." + i) + "' of connector 'websocket': longer than "
                        + MAX_MESSAGE_LENGTH + " characters");
            }
        }
        WebsocketConfig config = new WebsocketConfig(options.required(HttpOptions.ENDPOINT).trim(),
                options.optional(HttpOptions.HEADERS).orElse(null), messages);
        config.endpoint(env);
        config.headers(env);
        return config;
    }

    /** The configuration recorded in a resolved table's options by {@link #putInto}. */
    static WebsocketConfig of(Map<String, String> options) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; options.containsKey(SUBSCRIPTION_MESSAGES + "." + i); i++) {
            messages.add(options.get(SUBSCRIPTION_MESSAGES + "." + i));
        }
        return new WebsocketConfig(options.get(HttpOptions.ENDPOINT), options.get(HttpOptions.HEADERS), messages);
    }

    void putInto(Map<String, String> options) {
        options.put(HttpOptions.ENDPOINT, rawEndpoint);
        if (rawHeaders != null) {
            options.put(HttpOptions.HEADERS, rawHeaders);
        }
        for (int i = 0; i < subscriptionMessages.size(); i++) {
            options.put(SUBSCRIPTION_MESSAGES + "." + i, subscriptionMessages.get(i));
        }
    }

    URI endpoint(Function<String, String> env) throws ConnectorException {
        return HttpOptions.endpoint(WebsocketConnector.NAME, rawEndpoint, env, "ws", "wss");
    }

    List<HttpOptions.Header> headers(Function<String, String> env) throws ConnectorException {
        return HttpOptions.headers(WebsocketConnector.NAME, rawHeaders, env, OWN_HEADERS);
    }
}
