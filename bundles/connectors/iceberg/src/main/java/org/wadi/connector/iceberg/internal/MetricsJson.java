package org.wadi.connector.iceberg.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.iceberg.Metrics;

/**
 * A data file's column metrics (sizes, value, null and NaN counts, lower and upper bounds by field
 * id) as JSON in the checkpoint state, so that the committed file carries them and readers can
 * prune by them.
 */
final class MetricsJson {

    private MetricsJson() {
    }

    static JsonNode toJson(Metrics m) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("records", m.recordCount());
        counts(out, "sizes", m.columnSizes());
        counts(out, "values", m.valueCounts());
        counts(out, "nulls", m.nullValueCounts());
        counts(out, "nans", m.nanValueCounts());
        bounds(out, "lower", m.lowerBounds());
        bounds(out, "upper", m.upperBounds());
        return out;
    }

    static Metrics fromJson(JsonNode node) {
        return new Metrics(node.path("records").asLong(), counts(node.get("sizes")), counts(node.get("values")),
                counts(node.get("nulls")), counts(node.get("nans")), bounds(node.get("lower")),
                bounds(node.get("upper")));
    }

    private static void counts(ObjectNode out, String name, Map<Integer, Long> counts) {
        if (counts != null) {
            ObjectNode o = out.putObject(name);
            counts.forEach((id, n) -> o.put(Integer.toString(id), n));
        }
    }

    private static void bounds(ObjectNode out, String name, Map<Integer, ByteBuffer> bounds) {
        if (bounds != null) {
            ObjectNode o = out.putObject(name);
            bounds.forEach((id, b) -> {
                ByteBuffer d = b.duplicate();
                byte[] bytes = new byte[d.remaining()];
                d.get(bytes);
                o.put(Integer.toString(id), Base64.getEncoder().encodeToString(bytes));
            });
        }
    }

    private static Map<Integer, Long> counts(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Map<Integer, Long> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
        }
        return out;
    }

    private static Map<Integer, ByteBuffer> bounds(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Map<Integer, ByteBuffer> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(Integer.parseInt(e.getKey()), ByteBuffer.wrap(Base64.getDecoder().decode(e.getValue().asText())));
        }
        return out;
    }
}
