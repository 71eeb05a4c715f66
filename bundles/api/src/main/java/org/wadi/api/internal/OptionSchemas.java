package org.wadi.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The option keys a connector's JSON Schemas name: a profile's options are checked against them,
 * as a table's are by the connector itself.
 */
final class OptionSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OptionSchemas() {
    }

    /** The dotted paths of every leaf property of the schemas (nulls and unparsable ones skipped). */
    static Set<String> keys(String... schemas) {
        Set<String> out = new TreeSet<>();
        for (String schema : schemas) {
            if (schema == null || schema.isBlank()) {
                continue;
            }
            try {
                collect("", JSON.readTree(schema), out);
            } catch (IOException e) {
                // nothing known from this one
            }
        }
        return out;
    }

    /** The top-level properties a schema requires. */
    static Set<String> required(String schema) {
        Set<String> out = new LinkedHashSet<>();
        if (schema == null || schema.isBlank()) {
            return out;
        }
        try {
            JsonNode required = JSON.readTree(schema).get("required");
            if (required != null && required.isArray()) {
                required.forEach(r -> out.add(r.asText()));
            }
        } catch (IOException e) {
            // none known
        }
        return out;
    }

    /** The options' keys that none of {@code known} names (all of them are fine when it is empty). */
    static Set<String> unknown(Map<String, String> options, Set<String> known) {
        Set<String> out = new TreeSet<>();
        if (known.isEmpty()) {
            return out;
        }
        for (String k : options.keySet()) {
            if (!known.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    private static void collect(String prefix, JsonNode node, Set<String> out) {
        JsonNode properties = node.get("properties");
        if (properties == null || !properties.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode nested = p.getValue().get("properties");
            if (nested != null && nested.isObject() && nested.size() > 0) {
                collect(prefix + p.getKey() + ".", p.getValue(), out);
            } else {
                out.add(prefix + p.getKey());
            }
        }
    }
}
