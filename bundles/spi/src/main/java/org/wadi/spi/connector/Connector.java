package org.wadi.spi.connector;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A connector: how Wadi reads from and writes to one kind of external system. Each connector is
 * an OSGi service registered under this interface with the service property {@value #NAME_PROPERTY}
 * set to its {@link ConnectorMetadata#id()}, the name users write in {@code WITH (connector = '…')}.
 * Connectors come and go with their bundles; the planner and the workers look them up by name.
 *
 * <p>The planner calls {@link #table} once per {@code CREATE TABLE}; the workers call
 * {@link #createSource} or {@link #createSink} once per parallel subtask with the table that call
 * returned (it travels inside the plan).
 */
@ConsumerType
public interface Connector {

    /** The service property that carries the connector's name. */
    String NAME_PROPERTY = "wadi.connector";

    /** What the connector is and what it can do; constant for the life of the service. */
    ConnectorMetadata metadata();

    /**
     * Validates a table definition and resolves it: checks the options (required ones present,
     * values well formed, no unknown keys — see {@link Options}) and determines the table's schema.
     *
     * @param request the table's name, declared columns and options
     * @return the resolved table, as the plan will carry it
     * @throws ConnectorException naming the bad option or value and the supported ones
     */
    ConnectorTable table(TableRequest request) throws ConnectorException;

    /**
     * Checks that a connection profile and table can reach the external system.
     *
     * @param profile the connection profile's options (may be empty)
     * @param table the table's options (may be empty)
     * @return what was found
     */
    default TestResult test(Map<String, String> profile, Map<String, String> table) {
        return new TestResult(true, "connector '" + metadata().id() + "' needs no connection test");
    }

    /**
     * Suggests values for a connection profile's tables, such as Kafka's topics, for the UI's
     * autocompletion ({@code GET /api/v1/connection_profiles/{id}/autocomplete}). Connectors that
     * cannot list anything keep this default, which suggests nothing.
     *
     * @param profile the connection profile's options, secrets in clear
     * @return option key to the values found for it (e.g. {@code topic} to the topic names)
     * @throws ConnectorException when the external system cannot be reached, saying why
     * @since 1.4
     */
    default Map<String, List<String>> autocomplete(Map<String, String> profile) throws ConnectorException {
        return Map.of();
    }

    /**
     * Creates the source for one parallel subtask of a table used in {@code FROM}.
     *
     * @throws ConnectorException if the table cannot be read
     */
    default Source createSource(ConnectorTable table) throws ConnectorException {
        throw new ConnectorException("connector '" + metadata().id() + "' cannot be used as a source");
    }

    /**
     * Creates the sink for one parallel subtask of a table used in {@code INSERT INTO}.
     *
     * @throws ConnectorException if the table cannot be written
     */
    default Sink createSink(ConnectorTable table) throws ConnectorException {
        throw new ConnectorException("connector '" + metadata().id() + "' cannot be used as a sink");
    }

    /**
     * Creates the lookup source for one parallel subtask of a lookup table joined in a query.
     *
     * @throws ConnectorException if the table cannot serve lookups
     */
    default LookupSource createLookup(ConnectorTable table) throws ConnectorException {
        throw new ConnectorException("connector '" + metadata().id() + "' cannot serve lookup tables");
    }
}
