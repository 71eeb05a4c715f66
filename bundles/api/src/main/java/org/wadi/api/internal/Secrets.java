package org.wadi.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.wadi.spi.connector.ConnectorMetadata;

/**
 * Which options are secrets, and their masking. An option is a secret when its property in the
 * connector's JSON Schema says {@code "format": "password"} (the convention of
 * {@link ConnectorMetadata}) or when its name looks like one (password, secret, token, api key …).
 */
final class Secrets {

    static final String MASK = ConnectorMetadata.MASK;

    /** Names of secrets: a segment of the key (split at '.', '-' or '_') or the whole key. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)(^|.*[._-])(password|passwd|pwd|secret|token|api[._-]?key|apikey|access[._-]?key|secret[._-]?key"
                    + "|secret[._-]?access[._-]?key|private[._-]?key|credentials?|jaas[._-]config|auth[._-]?token"
                    + "|session[._-]?token)([._-].*|$)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Secrets() {
    }

    /** Whether a key's name marks it a secret, whatever its schema says. */
    static boolean looksSecret(String key) {
        return SECRET_NAME.matcher(key).matches();
    }

    /** The keys of {@code options} that are secrets by the schemas (JSON Schema texts, nulls skipped) or by name. */
    static Set<String> keys(Map<String, String> options, String... schemas) {
        Set<String> marked = new LinkedHashSet<>();
        for (String schema : schemas) {
            marked.addAll(passwordProperties(schema));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String key : options.keySet()) {
            if (marked.contains(key) || looksSecret(key)) {
                out.add(key);
            }
        }
        return out;
    }

    /** The options with the values of {@code secrets} replaced by {@value #MASK}. */
    static Map<String, String> masked(Map<String, String> options, Set<String> secrets) {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, secrets.contains(k) || looksSecret(k) ? MASK : v));
        return out;
    }

    /** Masks every occurrence of the secrets' values in a message (a connector may echo them). */
    static String scrub(String message, Map<String, String> options, Set<String> secrets) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (String k : secrets) {
            String v = options.get(k);
            if (v != null && v.length() >= 3) {
                out = out.replace(v, MASK);
            }
        }
        return out;
    }

    /** The dotted paths of the properties a JSON Schema marks {@code "format": "password"}. */
    static Set<String> passwordProperties(String schema) {
        Set<String> out = new LinkedHashSet<>();
        if (schema == null || schema.isBlank()) {
            return out;
        }
        try {
            collect("", JSON.readTree(schema), out);
        } catch (IOException e) {
            // a connector's schema that does not parse marks nothing; names still do
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
            JsonNode format = p.getValue().get("format");
            if (format != null && "password".equals(format.asText())) {
                out.add(prefix + p.getKey());
            }
            collect(prefix + p.getKey() + ".", p.getValue(), out);
        }
    }
}
