package org.wadi.api.internal;

import static org.wadi.api.service.ApiException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.wadi.api.service.ConnectionSchema;
import org.wadi.api.service.SchemaDefinition;
import org.wadi.api.service.SourceField;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * Arroyo's {@code ConnectionSchema} in Wadi's terms: its fields as columns (types and SQL types),
 * its format as the {@code format} options, and its checks.
 */
final class SchemaFields {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> TYPES = List.of("int32", "int64", "uint32", "uint64", "f32", "f64", "bool", "string",
            "bytes", "timestamp", "json", "struct", "list");

    private SchemaFields() {
    }

    /** A field's type name in our spelling: Arroyo's camelCase ({@code uInt64}) and aliases accepted. */
    static String typeName(SourceField f, String where) {
        if (f.type() == null || f.type().isBlank()) {
            throw badRequest(where + " has no type; supported types: " + String.join(", ", TYPES));
        }
        String t = f.type().toLowerCase(Locale.ROOT).replace("_", "");
        return switch (t) {
            case "utf8" -> "string";
            case "binary" -> "bytes";
            case "boolean" -> "bool";
            default -> {
                if (!TYPES.contains(t)) {
                    throw badRequest(where + " has unknown type '" + f.type() + "'; supported types: "
                            + String.join(", ", TYPES));
                }
                yield t;
            }
        };
    }

    /** The columns the fields declare; metadata fields included. */
    static Schema columns(List<SourceField> fields) {
        List<Field> out = new ArrayList<>();
        for (SourceField f : fields) {
            out.add(new Field(f.name(), dataType(f, "field '" + f.name() + "'"), !f.required()));
        }
        return new Schema(out);
    }

    static DataType dataType(SourceField f, String where) {
        return switch (typeName(f, where)) {
            case "int32" -> DataType.INT32;
            case "int64" -> DataType.INT64;
            case "uint32" -> DataType.UINT32;
            case "uint64" -> DataType.UINT64;
            case "f32" -> DataType.FLOAT32;
            case "f64" -> DataType.FLOAT64;
            case "bool" -> DataType.BOOLEAN;
            case "string" -> DataType.UTF8;
            case "bytes" -> DataType.BINARY;
            case "json" -> DataType.JSON;
            case "timestamp" -> DataType.timestamp(precision(f.unit(), where));
            case "struct" -> {
                if (f.fields() == null || f.fields().isEmpty()) {
                    throw badRequest(where + " is a struct without fields");
                }
                List<Field> nested = new ArrayList<>();
                for (SourceField n : f.fields()) {
                    nested.add(new Field(n.name(), dataType(n, where + "." + n.name()), !n.required()));
                }
                yield DataType.struct(nested);
            }
            case "list" -> {
                if (f.items() == null) {
                    throw badRequest(where + " is a list without items");
                }
                yield DataType.list(dataType(f.items(), where + "[]"));
            }
            default -> throw new IllegalStateException(f.type());
        };
    }

    /** The field's type in Wadi's SQL, as a {@code CREATE TABLE} declares it. */
    static String sqlType(SourceField f) {
        String where = "field '" + f.name() + "'";
        return switch (typeName(f, where)) {
            case "int32" -> "INT";
            case "int64" -> "BIGINT";
            case "uint32" -> "INT UNSIGNED";
            case "uint64" -> "BIGINT UNSIGNED";
            case "f32" -> "FLOAT";
            case "f64" -> "DOUBLE";
            case "bool" -> "BOOLEAN";
            case "string" -> "TEXT";
            case "bytes" -> "BYTEA";
            case "json" -> "JSON";
            case "timestamp" -> "TIMESTAMP";
            case "struct" -> {
                List<String> parts = new ArrayList<>();
                for (SourceField n : f.fields()) {
                    parts.add(Sql.identifier(n.name()) + " " + sqlType(n));
                }
                yield "STRUCT<" + String.join(", ", parts) + ">";
            }
            case "list" -> sqlType(f.items()) + "[]";
            default -> throw new IllegalStateException(f.type());
        };
    }

    private static int precision(String unit, String where) {
        if (unit == null || unit.isBlank()) {
            return 3;
        }
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "second", "s" -> 0;
            case "millisecond", "ms" -> 3;
            case "microsecond", "us", "µs" -> 6;
            case "nanosecond", "ns" -> 9;
            default -> throw badRequest(where + " has unknown timestamp unit '" + unit
                    + "'; supported: second, millisecond, microsecond, nanosecond");
        };
    }

    /** The fields with their {@code sql_name} filled in, for responses. */
    static List<SourceField> withSqlNames(List<SourceField> fields) {
        List<SourceField> out = new ArrayList<>();
        for (SourceField f : fields) {
            out.add(new SourceField(f.name(), f.type(), f.required(), sqlType(f), f.metadataKey(), f.unit(),
                    f.fields(), f.items()));
        }
        return out;
    }

    /** A one-key object's key or a plain name ({@code "json"} or {@code {"json": {…}}}), or null. */
    static String name(Object value, String what) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            return String.valueOf(m.keySet().iterator().next());
        }
        throw badRequest(what + " must be a name or an object of one key (the name), as {\"json\": {}}");
    }

    /**
     * The options a schema's format, bad-data and framing settings give a table: {@code format},
     * the format's own settings as {@code <format>.<key>}, {@code bad_data}, {@code framing}.
     */
    static Map<String, String> formatOptions(ConnectionSchema schema) {
        Map<String, String> out = new LinkedHashMap<>();
        if (schema == null) {
            return out;
        }
        String format = name(schema.format(), "schema.format");
        if (format != null) {
            String f = camelToSnake(format);
            out.put("format", f);
            if (schema.format() instanceof Map<?, ?> m && m.values().iterator().next() instanceof Map<?, ?> settings) {
                for (Map.Entry<?, ?> e : settings.entrySet()) {
                    if (e.getValue() != null && !(e.getValue() instanceof Map) && !(e.getValue() instanceof List)) {
                        out.put(f + "." + camelToSnake(String.valueOf(e.getKey())), String.valueOf(e.getValue()));
                    }
                }
            }
        }
        String badData = name(schema.badData(), "schema.bad_data");
        if (badData != null) {
            out.put("bad_data", camelToSnake(badData));
        }
        String framing = name(schema.framing(), "schema.framing");
        if (framing != null) {
            out.put("framing", camelToSnake(framing));
        }
        return out;
    }

    private static String camelToSnake(String s) {
        return s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** Every problem of a schema, empty when it is fine. */
    static List<String> problems(ConnectionSchema schema) {
        List<String> out = new ArrayList<>();
        if (schema == null) {
            out.add("the schema is missing");
            return out;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < schema.fields().size(); i++) {
            SourceField f = schema.fields().get(i);
            String where = "field " + (i + 1) + (f.name() == null ? "" : " ('" + f.name() + "')");
            if (f.name() == null || f.name().isBlank()) {
                out.add(where + " has no name");
            } else if (!names.add(f.name())) {
                out.add(where + ": the name is used twice");
            }
            try {
                dataType(f, where);
            } catch (RuntimeException e) {
                out.add(e.getMessage());
            }
        }
        for (String pk : schema.primaryKeys()) {
            if (!names.contains(pk)) {
                out.add("primary key '" + pk + "' is not a field");
            }
        }
        String format;
        try {
            format = name(schema.format(), "schema.format");
        } catch (RuntimeException e) {
            out.add(e.getMessage());
            format = null;
        }
        List<SourceField> plain = schema.fields().stream().filter(f -> f.metadataKey() == null).toList();
        if ("raw_string".equals(format) || "rawString".equals(format)) {
            if (plain.size() != 1 || !"value".equals(plain.get(0).name()) || !"string".equals(safeType(plain.get(0)))) {
                out.add("raw_string format requires a schema with a single field called 'value' of type TEXT (string)");
            }
        }
        if (("json".equals(format)) && schema.format() instanceof Map<?, ?> m
                && m.get("json") instanceof Map<?, ?> settings && Boolean.TRUE.equals(settings.get("unstructured"))) {
            if (plain.size() != 1 || !"value".equals(plain.get(0).name()) || !"json".equals(safeType(plain.get(0)))) {
                out.add("json format with unstructured enabled requires a schema with a single field called 'value' "
                        + "of type JSON");
            }
        }
        SchemaDefinition d = schema.definition();
        if (d != null) {
            out.addAll(definitionProblems(d));
        }
        return out;
    }

    private static String safeType(SourceField f) {
        try {
            return typeName(f, "");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<String> definitionProblems(SchemaDefinition d) {
        List<String> out = new ArrayList<>();
        String type = d.type() == null ? "" : camelToSnake(d.type());
        switch (type) {
            case "json_schema" -> {
                if (d.schema() == null || d.schema().isBlank()) {
                    out.add("the json_schema definition is empty");
                    break;
                }
                try {
                    JsonNode node = JSON.readTree(d.schema());
                    if (node == null || !node.isObject()) {
                        out.add("the json_schema definition must be a JSON object");
                    } else if (node.has("type") && !"object".equals(node.get("type").asText())) {
                        out.add("the json_schema definition must describe an object (\"type\": \"object\"), not '"
                                + node.get("type").asText() + "'");
                    } else if (node.has("properties") && !node.get("properties").isObject()) {
                        out.add("'properties' of the json_schema definition must be an object");
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    out.add("the json_schema definition is not valid JSON: " + e.getOriginalMessage());
                } catch (IOException e) {
                    out.add("the json_schema definition cannot be read: " + e.getMessage());
                }
            }
            case "raw_schema" -> {
                if (d.schema() == null) {
                    out.add("the raw_schema definition has no schema text");
                }
            }
            default -> out.add("unsupported schema definition type '" + d.type()
                    + "'; supported: json_schema, raw_schema");
        }
        return out;
    }
}
