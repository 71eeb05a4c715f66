package org.wadi.formats;

import java.util.Map;
import java.util.Optional;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Options;

/**
 * The {@code format = 'avro'} options, as Arroyo names them: {@code avro.raw_datums} (each
 * message one binary-encoded datum, no container file header), {@code
 * avro.confluent_schema_registry} (datums in Confluent's wire format, the writer's schema looked
 * up by id), and Wadi's {@code avro.schema} (the writer's schema as JSON text, for sources whose
 * messages were not written with the schema Wadi derives from the table's columns). Without
 * either of the first two, each message is an Avro object container file.
 *
 * @param schema the writer's schema as JSON, or {@code null} to derive it from the columns
 * @param rawDatums whether messages are bare datums
 * @param confluentSchemaRegistry whether messages carry Confluent's header
 * @param intoUnstructuredJson {@code avro.into_unstructured_json}: the table has one column {@code
 *     value JSON} holding each datum as JSON
 */
public record AvroFormat(String schema, boolean rawDatums, boolean confluentSchemaRegistry,
        boolean intoUnstructuredJson) {

    /** The {@code format} value. */
    public static final String NAME = "avro";
    /** The {@code avro.schema} option. */
    public static final String SCHEMA = "avro.schema";
    /** The {@code avro.raw_datums} option. */
    public static final String RAW_DATUMS = "avro.raw_datums";
    /** The {@code avro.confluent_schema_registry} option. */
    public static final String CONFLUENT_SCHEMA_REGISTRY = "avro.confluent_schema_registry";
    /** The {@code avro.into_unstructured_json} option. */
    public static final String INTO_UNSTRUCTURED_JSON = "avro.into_unstructured_json";

    /** Avro decoded into the table's columns. */
    public AvroFormat(String schema, boolean rawDatums, boolean confluentSchemaRegistry) {
        this(schema, rawDatums, confluentSchemaRegistry, false);
    }

    /** Reads the {@code avro.*} options. */
    public static AvroFormat fromOptions(Options options) throws ConnectorException {
        Optional<String> schema = options.optional(SCHEMA);
        return new AvroFormat(schema.map(String::trim).orElse(null), options.booleanValue(RAW_DATUMS, false),
                options.booleanValue(CONFLUENT_SCHEMA_REGISTRY, false), options.booleanValue(INTO_UNSTRUCTURED_JSON, false));
    }

    /** The format recorded by {@link #putInto}. */
    public static AvroFormat fromTableOptions(Map<String, String> options) {
        return new AvroFormat(options.get(SCHEMA), "true".equals(options.get(RAW_DATUMS)),
                "true".equals(options.get(CONFLUENT_SCHEMA_REGISTRY)), "true".equals(options.get(INTO_UNSTRUCTURED_JSON)));
    }

    /** Writes these options into a resolved table's options. */
    public void putInto(Map<String, String> options) {
        if (schema != null) {
            options.put(SCHEMA, schema);
        }
        options.put(RAW_DATUMS, Boolean.toString(rawDatums));
        options.put(CONFLUENT_SCHEMA_REGISTRY, Boolean.toString(confluentSchemaRegistry));
        if (intoUnstructuredJson) {
            options.put(INTO_UNSTRUCTURED_JSON, "true");
        }
    }
}
