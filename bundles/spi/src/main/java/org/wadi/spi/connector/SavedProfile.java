package org.wadi.spi.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A saved connection profile: options shared by the tables of one external system (a Kafka
 * cluster's address and credentials, say), merged under a table's own options.
 *
 * @param name the profile's name
 * @param connector the connector it is for
 * @param options its options, secrets in clear
 * @since 1.4
 */
public record SavedProfile(String name, String connector, Map<String, String> options) {

    public SavedProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connector, "connector");
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    @Override
    public String toString() {
        // options may hold secrets: never print their values
        return "SavedProfile[name=" + name + ", connector=" + connector + ", options=" + options.keySet() + "]";
    }
}
