package org.wadi.spi.plan;

import org.wadi.spi.connector.ConnectorTable;

/**
 * Writes into a connector table. Receives the table's columns followed by {@code _timestamp}.
 *
 * @param table the table as its connector resolved it
 */
public record SinkOperator(ConnectorTable table) implements OperatorSpec {

    @Override
    public String name() {
        return "sink";
    }
}
