package org.wadi.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A saved Java source function (Arroyo's global UDF).
 *
 * @param id {@code udf_…}
 * @param prefix Arroyo's grouping prefix; empty when none
 * @param name the function's SQL name, unique among saved functions
 * @param language {@code java}
 * @param definition the source
 * @param description what it does, for users; {@code null} when none
 * @param createdAt when it was saved
 * @param updatedAt when it last changed
 */
public record Udf(String id, String prefix, String name, String language, String definition, String description,
        Instant createdAt, Instant updatedAt) {

    public Udf {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(definition, "definition");
        prefix = prefix == null ? "" : prefix;
    }
}
