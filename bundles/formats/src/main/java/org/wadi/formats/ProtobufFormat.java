package org.wadi.formats;

import java.util.Base64;
import java.util.Map;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The {@code format = 'protobuf'} options (a source format, as in Arroyo), named as Arroyo's
 * Protobuf format fields: {@code protobuf.message_name} (the full name of the message each payload
 * holds), {@code protobuf.compiled_schema} (the compiled schema: a {@code FileDescriptorSet} as
 * {@code protoc --include_imports --descriptor_set_out} writes it, base64-encoded), {@code
 * protobuf.length_delimited} (each payload prefixed with its varint length) and {@code
 * protobuf.confluent_schema_registry} (Confluent's header and message indexes before the
 * message). Fields are matched to columns by name.
 *
 * @param compiledSchema the {@code FileDescriptorSet} bytes
 * @param messageName the message's full name ({@code package.Message})
 * @param lengthDelimited whether the message is prefixed with its length
 * @param confluentSchemaRegistry whether payloads carry Confluent's header
 * @param intoUnstructuredJson {@code protobuf.into_unstructured_json}: the table has one column
 *     {@code value JSON} holding each message as JSON
 */
public record ProtobufFormat(byte[] compiledSchema, String messageName, boolean lengthDelimited,
        boolean confluentSchemaRegistry, boolean intoUnstructuredJson) {

    /** The {@code format} value. */
    public static final String NAME = "protobuf";
    /** The {@code protobuf.compiled_schema} option. */
    public static final String COMPILED_SCHEMA = "protobuf.compiled_schema";
    /** The {@code protobuf.message_name} option. */
    public static final String MESSAGE_NAME = "protobuf.message_name";
    /** The {@code protobuf.length_delimited} option. */
    public static final String LENGTH_DELIMITED = "protobuf.length_delimited";
    /** The {@code protobuf.confluent_schema_registry} option. */
    public static final String CONFLUENT_SCHEMA_REGISTRY = "protobuf.confluent_schema_registry";
    /** The {@code protobuf.into_unstructured_json} option. */
    public static final String INTO_UNSTRUCTURED_JSON = "protobuf.into_unstructured_json";

    /** Protobuf decoded into the table's columns. */
    public ProtobufFormat(byte[] compiledSchema, String messageName, boolean lengthDelimited,
            boolean confluentSchemaRegistry) {
        this(compiledSchema, messageName, lengthDelimited, confluentSchemaRegistry, false);
    }

    /**
     * Reads the {@code protobuf.*} options.
     *
     * @throws ConnectorException when a required option is missing or the schema is not base64
     */
    public static ProtobufFormat fromOptions(Options options) throws ConnectorException {
        String schema = options.required(COMPILED_SCHEMA);
        String message = options.required(MESSAGE_NAME).trim();
        return new ProtobufFormat(base64(options.connector(), schema), message,
                options.booleanValue(LENGTH_DELIMITED, false), options.booleanValue(CONFLUENT_SCHEMA_REGISTRY, false),
                options.booleanValue(INTO_UNSTRUCTURED_JSON, false));
    }

    /** The format recorded by {@link #putInto}. */
    public static ProtobufFormat fromTableOptions(Map<String, String> options) throws ConnectorException {
        return new ProtobufFormat(base64("?", options.getOrDefault(COMPILED_SCHEMA, "")), options.get(MESSAGE_NAME),
                "true".equals(options.get(LENGTH_DELIMITED)), "true".equals(options.get(CONFLUENT_SCHEMA_REGISTRY)),
                "true".equals(options.get(INTO_UNSTRUCTURED_JSON)));
    }

    /** Writes these options into a resolved table's options. */
    public void putInto(Map<String, String> options) {
        options.put(COMPILED_SCHEMA, Base64.getEncoder().encodeToString(compiledSchema));
        options.put(MESSAGE_NAME, messageName);
        options.put(LENGTH_DELIMITED, Boolean.toString(lengthDelimited));
        options.put(CONFLUENT_SCHEMA_REGISTRY, Boolean.toString(confluentSchemaRegistry));
        if (intoUnstructuredJson) {
            options.put(INTO_UNSTRUCTURED_JSON, "true");
        }
    }

    private static byte[] base64(String connector, String text) throws ConnectorException {
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("Invalid value for option '" + COMPILED_SCHEMA + "' of connector '" + connector
                    + "': expected a base64-encoded FileDescriptorSet (" + e.getMessage() + ")");
        }
    }
}
