package org.wadi.spi.connector;

import java.util.Objects;

/**
 * What a connector is, in the shape of Arroyo's {@code Connector} API type.
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
        String tableConfig) {

    public ConnectorMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        icon = icon == null ? "" : icon;
        description = description == null ? "" : description;
        tableConfig = tableConfig == null ? "{\"type\":\"object\"}" : tableConfig;
    }
}
