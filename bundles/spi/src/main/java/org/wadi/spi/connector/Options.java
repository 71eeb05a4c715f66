package org.wadi.spi.connector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code WITH} options of one table, as a connector reads them. Each read marks the key as
 * known; {@link #checkAllKnown} then rejects what is left, listing the supported keys, the way
 * Flink's factories do. Keys are case-sensitive, as in Arroyo.
 */
public final class Options {

    private final String connector;
    private final Map<String, String> values;
    private final Set<String> known = new LinkedHashSet<>();

    public Options(String connector, Map<String, String> values) {
        this.connector = connector;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The connector these options are for. */
    public String connector() {
        return connector;
    }

    /** All options as given. */
    public Map<String, String> asMap() {
        return values;
    }

    /** The value of a required option. */
    public String required(String key) throws ConnectorException {
        known.add(key);
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new ConnectorException("Missing required option '" + key + "' for connector '" + connector + "'");
        }
        return v;
    }

    /** The value of an optional option. */
    public Optional<String> optional(String key) {
        known.add(key);
        return Optional.ofNullable(values.get(key));
    }

    /** An optional whole number, or {@code dflt}. */
    public long longValue(String key, long dflt) throws ConnectorException {
        Optional<String> v = optional(key);
        return v.isEmpty() ? dflt : parseLong(key, v.get());
    }

    /** A required whole number. */
    public long requiredLong(String key) throws ConnectorException {
        return parseLong(key, required(key));
    }

    /** An optional decimal number, or {@code dflt}. */
    public double doubleValue(String key, double dflt) throws ConnectorException {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.get().trim());
        } catch (NumberFormatException e) {
            throw bad(key, v.get(), "a number");
        }
    }

    /** An optional boolean ({@code true} or {@code false}), or {@code dflt}. */
    public boolean booleanValue(String key, boolean dflt) throws ConnectorException {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return dflt;
        }
        return switch (v.get().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, v.get(), "true or false");
        };
    }

    /** An optional value that must be one of {@code choices} (compared without case), or {@code dflt}. */
    public String choice(String key, String dflt, String... choices) throws ConnectorException {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return dflt;
        }
        for (String c : choices) {
            if (c.equalsIgnoreCase(v.get().trim())) {
                return c;
            }
        }
        throw bad(key, v.get(), "one of " + String.join(", ", choices));
    }

    /**
     * Rejects every option that no read asked for.
     *
     * @throws ConnectorException "Unsupported options found for connector 'x'. Unsupported: … Supported: …"
     */
    public void checkAllKnown() throws ConnectorException {
        List<String> unknown = new ArrayList<>();
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConnectorException("Unsupported options found for connector '" + connector + "'. Unsupported: "
                    + String.join(", ", unknown) + ". Supported: " + String.join(", ", new TreeSet<>(known)));
        }
    }

    private long parseLong(String key, String v) throws ConnectorException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number");
        }
    }

    private ConnectorException bad(String key, String value, String expected) {
        return new ConnectorException("Invalid value '" + value + "' for option '" + key + "' of connector '"
                + connector + "': expected " + expected);
    }
}
