package org.wadi.controller.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.wadi.spi.scheduler.Scheduler;

/**
 * A pipeline's {@code scheduler_config}: read from the text the store keeps, and checked against a
 * scheduler's keys and its own check of the values.
 */
public final class SchedulerConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private SchedulerConfigs() {
    }

    /**
     * The JSON object as Java values; blank text is an empty object.
     *
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    public static Map<String, Object> parse(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> config = JSON.readValue(json, OBJECT);
            if (config == null) {
                throw new IllegalArgumentException("it must be a JSON object, was null");
            }
            return config;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("it must be a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Refuses keys the scheduler does not know, listing those it does, then lets the scheduler check
     * the values.
     *
     * @param name the scheduler's name, for the message
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void check(String name, Scheduler scheduler, Map<String, Object> config) {
        if (config.isEmpty()) {
            return;
        }
        Set<String> supported = new TreeSet<>(scheduler.schedulerConfigKeys());
        Set<String> unknown = new TreeSet<>(config.keySet());
        unknown.removeAll(supported);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unsupported keys in scheduler_config for the '" + name + "' scheduler (the"
                    + " scheduler of this server). Unsupported: " + String.join(", ", unknown) + ". Supported: "
                    + (supported.isEmpty() ? "none: it takes no scheduler_config" : String.join(", ", supported)));
        }
        scheduler.checkSchedulerConfig(config);
    }
}
