package org.wadi.spi.plan;

import org.wadi.spi.connector.ConnectorTable;

/**
 * Reads a connector table. Emits the table's columns followed by {@code _timestamp}.
 *
 * @param table the table as its connector resolved it
 */
public record SourceOperator(ConnectorTable table) implements OperatorSpec {

    @Override
    public String name() {
        return "source";
    }
}
