package org.wadi.api.service;

import java.util.Map;

/**
 * A saved connection profile, as Arroyo's {@code ConnectionProfile}.
 *
 * @param id {@code cp_…}
 * @param name its name; tables refer to it with {@code connection_profile = 'name'}
 * @param connector the connector it is for
 * @param config its options; secret values read {@code ********}
 * @param description what it is (its connector and the options that identify it)
 */
public record ConnectionProfile(String id, String name, String connector, Map<String, String> config,
        String description) {
}
