package org.wadi.api.internal;

import static org.wadi.api.service.ApiException.badRequest;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code config} object of a profile or table as connector options: strings, numbers and
 * booleans as text, nested objects as dotted keys ({@code {"sasl": {"password": "…"}}} is
 * {@code sasl.password}), {@code null}s left out. Lists are refused, naming the key.
 */
final class ConnectionConfig {

    private ConnectionConfig() {
    }

    static Map<String, String> flatten(Map<String, Object> config, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (config != null) {
            flatten("", config, out, what);
        }
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> config, Map<String, String> out, String what) {
        for (Map.Entry<?, ?> e : config.entrySet()) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            if (v instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, out, what);
            } else if (v instanceof String || v instanceof Boolean) {
                out.put(key, v.toString());
            } else if (v instanceof BigDecimal d) {
                out.put(key, d.toPlainString());
            } else if (v instanceof Number n) {
                out.put(key, n.toString());
            } else {
                throw badRequest("option '" + key + "' of " + what + " must be a string, number or boolean, "
                        + "not a " + (v instanceof Iterable<?> ? "list" : v.getClass().getSimpleName()));
            }
        }
    }
}
