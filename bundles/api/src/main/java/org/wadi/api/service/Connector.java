package org.wadi.api.service;

/**
 * A connector installed in the server, as Arroyo's {@code Connector}: what {@code GET
 * /api/v1/connectors} lists, and what the UI builds its forms from.
 *
 * @param id the name used in {@code WITH (connector = '…')}
 * @param name the display name
 * @param icon an SVG icon, or empty
 * @param description one sentence for users
 * @param tableConfig JSON Schema of its table options
 * @param enabled whether it can be used (always, while its bundle is installed)
 * @param source whether it can be read from
 * @param sink whether it can be written to
 * @param customSchemas whether its tables define their own columns
 * @param testing whether testing a connection really connects
 * @param hidden whether the UI hides it from its catalog
 * @param connectionConfig JSON Schema of its connection profile options, or {@code null} when it has none
 */
public record Connector(String id, String name, String icon, String description, String tableConfig, boolean enabled,
        boolean source, boolean sink, boolean customSchemas, boolean testing, boolean hidden, String connectionConfig) {
}
