package org.wadi.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A saved connection profile (Arroyo's): options shared by the tables of one external system.
 *
 * @param id {@code cp_…}
 * @param name its name, unique among profiles; tables name it in {@code connection_profile}
 * @param connector the connector it is for
 * @param options its options in order, secrets in clear (the store encrypts them at rest)
 * @param secretKeys the keys of {@code options} whose values are secrets
 * @param description what it is, for users; empty when none
 * @param createdAt when it was saved
 */
public record ConnectionProfile(String id, String name, String connector, Map<String, String> options,
        Set<String> secretKeys, String description, Instant createdAt) {

    public ConnectionProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connector, "connector");
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
        secretKeys = secretKeys == null ? Set.of() : Set.copyOf(secretKeys);
        description = description == null ? "" : description;
    }

    @Override
    public String toString() {
        // never print secrets
        return "ConnectionProfile[id=" + id + ", name=" + name + ", connector=" + connector + ", options="
                + options.keySet() + "]";
    }
}
