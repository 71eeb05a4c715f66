package org.wadi.worker.internal.expr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON functions Arroyo registers: those of datafusion-functions-json ({@code json_get*},
 * {@code json_as_text}, {@code json_length}, {@code json_contains}, …), whose path is a list of
 * object keys (text) and array indexes (integers), and Arroyo's own JSONPath functions
 * ({@code get_first_json_object}, {@code extract_json}, {@code extract_json_string}). Text that is
 * not JSON, a path that leads nowhere and a value of another type all give NULL, as there.
 */
public final class JsonFunctions {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFunctions() {
    }

    // ---- datafusion-functions-json --------------------------------------------------------------

    /** The value as JSON text (Arroyo serialises json_get's union this way when it leaves the pipeline). */
    @NullSafe
    public static String json_get(String json, Object[] path) {
        JsonNode n = find(json, path);
        return n == null ? null : n.toString();
    }

    @NullSafe
    public static String json_get_json(String json, Object[] path) {
        return json_get(json, path);
    }

    @NullSafe
    public static String json_get_str(String json, Object[] path) {
        JsonNode n = find(json, path);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    @NullSafe
    public static Long json_get_int(String json, Object[] path) {
        JsonNode n = find(json, path);
        return n != null && n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null;
    }

    @NullSafe
    public static Double json_get_float(String json, Object[] path) {
        JsonNode n = find(json, path);
        return n != null && n.isNumber() ? n.doubleValue() : null;
    }

    @NullSafe
    public static Boolean json_get_bool(String json, Object[] path) {
        JsonNode n = find(json, path);
        return n != null && n.isBoolean() ? n.booleanValue() : null;
    }

    /** Strings without their quotes, other values as JSON text; JSON null is NULL. */
    @NullSafe
    public static String json_as_text(String json, Object[] path) {
        JsonNode n = find(json, path);
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isTextual() ? n.textValue() : n.toString();
    }

    @NullSafe
    public static Long json_length(String json, Object[] path) {
        JsonNode n = find(json, path);
        return n != null && (n.isArray() || n.isObject()) ? (long) n.size() : null;
    }

    /** Whether the path leads to a value; NULL for NULL input. */
    @NullSafe
    public static Boolean json_contains(String json, Object[] path) {
        if (json == null) {
            return null;
        }
        return find(json, path) != null;
    }

    @NullSafe
    public static List<String> json_object_keys(String json, Object[] path) {
        JsonNode n = find(json, path);
        if (n == null || !n.isObject()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @NullSafe
    public static List<String> json_get_array(String json, Object[] path) {
        JsonNode n = find(json, path);
        if (n == null || !n.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.toString()));
        return out;
    }

    private static JsonNode find(String json, Object[] path) {
        JsonNode n = parse(json);
        for (Object p : path) {
            if (n == null || p == null) {
                return null;
            }
            if (p instanceof Number i) {
                long idx = i.longValue();
                if (!n.isArray()) {
                    return null;
                }
                // negative indexes count from the end, as datafusion-functions-json
                long at = idx < 0 ? n.size() + idx : idx;
                n = at < 0 || at >= n.size() ? null : n.get((int) at);
            } else {
                n = n.isObject() ? n.get(p.toString()) : null;
            }
        }
        return n;
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    // ---- Arroyo's JSONPath functions ------------------------------------------------------------

    /** The first value the JSONPath selects, as JSON text. */
    public static String get_first_json_object(String json, String path) {
        JsonNode doc = parse(json);
        if (doc == null) {
            return null;
        }
        List<JsonNode> found = JsonPath.compile(path).select(doc);
        return found.isEmpty() ? null : found.get(0).toString();
    }

    /** Every value the JSONPath selects, as JSON text. */
    public static List<String> extract_json(String json, String path) {
        JsonNode doc = parse(json);
        if (doc == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : JsonPath.compile(path).select(doc)) {
            out.add(n.toString());
        }
        return out;
    }

    /** The first value the JSONPath selects if it is a string, unquoted. */
    public static String extract_json_string(String json, String path) {
        JsonNode doc = parse(json);
        if (doc == null) {
            return null;
        }
        List<JsonNode> found = JsonPath.compile(path).select(doc);
        return found.isEmpty() || !found.get(0).isTextual() ? null : found.get(0).textValue();
    }

}
