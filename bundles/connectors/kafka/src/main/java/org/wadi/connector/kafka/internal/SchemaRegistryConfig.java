package org.wadi.connector.kafka.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * Where the Confluent Schema Registry of a connection is, as Arroyo names its options:
 * {@code schema_registry.endpoint}, {@code schema_registry.api_key}, {@code schema_registry.api_secret}.
 *
 * @param endpoint the registry's base URL, e.g. {@code http://localhost:8081}
 * @param apiKey the basic-auth user, or {@code null}
 * @param apiSecret the basic-auth password, or {@code null}
 */
record SchemaRegistryConfig(String endpoint, String apiKey, String apiSecret) {

    static final String ENDPOINT = "schema_registry.endpoint";
    static final String API_KEY = "schema_registry.api_key";
    static final String API_SECRET = "schema_registry.api_secret";

    @Override
    public String toString() {
        return endpoint + (apiKey == null ? "" : " as " + apiKey);
    }

    /** Reads the registry options, or {@code null} when no endpoint is given. */
    static SchemaRegistryConfig read(Options options) throws ConnectorException {
        Optional<String> endpoint = options.optional(ENDPOINT);
        Optional<String> key = options.optional(API_KEY);
        Optional<String> secret = options.optional(API_SECRET);
        if (endpoint.isEmpty() || endpoint.get().isBlank()) {
            if (key.isPresent() || secret.isPresent()) {
                throw new ConnectorException("Option '" + (key.isPresent() ? API_KEY : API_SECRET) + "' of connector '"
                        + options.connector() + "' needs '" + ENDPOINT + "'");
            }
            return null;
        }
        String url = endpoint.get().trim().replaceAll("/+$", "");
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(url, "not an http(s) URL without credentials");
            }
        } catch (URISyntaxException e) {
            throw new ConnectorException("Invalid value for option '" + ENDPOINT + "' of connector '"
                    + options.connector() + "': expected an http:// or https:// URL such as http://localhost:8081"
                    + " (give credentials in " + API_KEY + " and " + API_SECRET + ")");
        }
        if (key.isPresent() != secret.isPresent()) {
            throw new ConnectorException("Options '" + API_KEY + "' and '" + API_SECRET + "' of connector '"
                    + options.connector() + "' go together");
        }
        return new SchemaRegistryConfig(url, key.map(String::trim).orElse(null), secret.orElse(null));
    }

    void putInto(Map<String, String> options) {
        options.put(ENDPOINT, endpoint);
        if (apiKey != null) {
            options.put(API_KEY, apiKey);
            options.put(API_SECRET, apiSecret);
        }
    }
}
