package org.wadi.api.service;

import java.util.Map;

/**
 * A saved connection table, as Arroyo's {@code ConnectionTable}: usable in SQL by its name.
 *
 * @param id {@code ct_…}
 * @param name its name in SQL
 * @param createdAt when it was saved (microseconds since the epoch)
 * @param connector the connector that reads or writes it
 * @param connectionProfile the profile whose options it uses, or {@code null}
 * @param tableType {@code source}, {@code sink} or {@code lookup}
 * @param config its own options; secret values read {@code ********}
 * @param schema its schema
 * @param consumers how many pipelines use it (not tracked yet: 0)
 */
public record ConnectionTable(String id, String name, long createdAt, String connector,
        ConnectionProfile connectionProfile, String tableType, Map<String, String> config, ConnectionSchema schema,
        int consumers) {
}
