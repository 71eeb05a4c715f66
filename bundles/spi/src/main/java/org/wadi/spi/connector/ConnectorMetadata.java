package org.wadi.spi.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.wadi.spi.types.DataType;

/**
 * What a connector is, in the shape of Arroyo's {@code Connector} API type.
 *
 * <p><b>Secrets.</b> An option whose property in {@code connectionConfig} or {@code tableConfig}
 * says {@code "format": "password"} (JSON Schema's own hint for a hidden value, which form
 * builders render as a password field) is a secret: the server encrypts its value at rest and
 * masks it as {@value #MASK} in every response and log line. Options whose names look like
 * secrets ({@code password}, {@code secret}, {@code token}, {@code api_key}, {@code
 * secret_access_key} …) are treated so as well, marked or not.
 *
 * @param id the name used in {@code WITH (connector = '…')}, e.g. {@code kafka}
 * @param name the display name
 * @param icon an SVG icon, or empty
 * @param description one sentence for users
 * @param source whether it can be read from
 * @param sink whether it can be written to
 * @param lookup whether it can serve lookup joins
 * @param customSchemas whether tables define their own columns
 * @param testing whether {@link Connector#test} really connects
 * @param hidden whether the UI hides it from its catalog
 * @param connectionConfig JSON Schema of the connection profile options, or {@code null}
 * @param tableConfig JSON Schema of the table options
 * @param metadataKeys the keys its sources can fill columns with ({@code col TYPE METADATA FROM 'key'},
 *     as Kafka's {@code offset_id}, {@code partition}, {@code topic}), each with the type of its
 *     values, in a stable order; empty when it has none. The planner refuses other keys and
 *     columns of another type, and passes the declared ones in {@link TableRequest#metadata()}
 */
public record ConnectorMetadata(
        String id,
        String name,
        String icon,
        String description,
        boolean source,
        boolean sink,
        boolean lookup,
        boolean customSchemas,
        boolean testing,
        boolean hidden,
        String connectionConfig,
        String tableConfig,
        Map<String, DataType> metadataKeys) {

    /** What responses show in place of a secret option's value. */
    public static final String MASK = "********";

    public ConnectorMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        icon = icon == null ? "" : icon;
        description = description == null ? "" : description;
        tableConfig = tableConfig == null ? "{\"type\":\"object\"}" : tableConfig;
        metadataKeys = metadataKeys == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadataKeys));
    }

    /** A connector whose sources fill no metadata columns. */
    public ConnectorMetadata(String id, String name, String icon, String description, boolean source, boolean sink,
            boolean lookup, boolean customSchemas, boolean testing, boolean hidden, String connectionConfig,
            String tableConfig) {
        this(id, name, icon, description, source, sink, lookup, customSchemas, testing, hidden, connectionConfig,
                tableConfig, Map.of());
    }
}
