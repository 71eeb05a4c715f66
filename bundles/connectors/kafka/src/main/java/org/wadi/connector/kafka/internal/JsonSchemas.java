package org.wadi.connector.kafka.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * The JSON Schema of a table's rows as the {@code json} format writes them (what a sink registers
 * in the Confluent Schema Registry): an object with one property per column, NOT NULL columns
 * required, nullable ones also allowing {@code null}.
 */
final class JsonSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSchemas() {
    }

    /** The schema document, as text. */
    static String of(Schema columns) {
        ObjectNode root = object(columns.fields());
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        return root.toString();
    }

    private static ObjectNode object(Iterable<Field> fields) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("type", "object");
        ObjectNode properties = o.putObject("properties");
        ArrayNode required = MAPPER.createArrayNode();
        for (Field f : fields) {
            ObjectNode p = type(f.type());
            if (f.nullable()) {
                ArrayNode any = MAPPER.createArrayNode();
                any.add(p);
                any.addObject().put("type", "null");
                ObjectNode wrapped = MAPPER.createObjectNode();
                wrapped.set("oneOf", any);
                p = wrapped;
            } else {
                required.add(f.name());
            }
            properties.set(f.name(), p);
        }
        if (!required.isEmpty()) {
            o.set("required", required);
        }
        return o;
    }

    private static ObjectNode type(DataType t) {
        ObjectNode n = MAPPER.createObjectNode();
        switch (t.id()) {
            case BOOLEAN -> n.put("type", "boolean");
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> n.put("type", "integer");
            case FLOAT32, FLOAT64, DECIMAL -> n.put("type", "number");
            case TIMESTAMP -> n.put("type", "string").put("format", "date-time");
            case DATE -> n.put("type", "string").put("format", "date");
            case TIME -> n.put("type", "string").put("format", "time");
            case BINARY -> n.put("type", "string").put("contentEncoding", "base64");
            case STRUCT -> {
                return object(t.fields());
            }
            case LIST -> {
                n.put("type", "array");
                n.set("items", type(t.element()));
            }
            case JSON -> {
                // any JSON value
            }
            default -> n.put("type", "string");
        }
        return n;
    }
}
