package org.wadi.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A saved connection table (Arroyo's): a table definition usable in SQL by its name.
 *
 * @param id {@code ct_…}
 * @param name its name, unique among saved tables
 * @param connector the connector that reads or writes it
 * @param profileId the connection profile whose options it uses, or {@code null}
 * @param tableType {@code source}, {@code sink} or {@code lookup}
 * @param options its own options in order, secrets in clear (the store encrypts them at rest)
 * @param secretKeys the keys of {@code options} whose values are secrets
 * @param schema its schema (Arroyo's {@code ConnectionSchema}) as JSON, or {@code null}
 * @param createdAt when it was saved
 */
public record ConnectionTable(String id, String name, String connector, String profileId, String tableType,
        Map<String, String> options, Set<String> secretKeys, String schema, Instant createdAt) {

    public ConnectionTable {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(tableType, "tableType");
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
        secretKeys = secretKeys == null ? Set.of() : Set.copyOf(secretKeys);
    }

    @Override
    public String toString() {
        // never print secrets
        return "ConnectionTable[id=" + id + ", name=" + name + ", connector=" + connector + ", profileId="
                + profileId + ", options=" + options.keySet() + "]";
    }
}
