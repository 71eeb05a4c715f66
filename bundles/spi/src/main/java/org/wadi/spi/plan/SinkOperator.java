package org.wadi.spi.plan;

import org.wadi.spi.connector.ConnectorTable;

/**
 * Writes into a connector table. Receives the table's columns followed by {@code _timestamp}; when
 * {@code updating}, the table's columns, {@code _op} (a {@link org.wadi.spi.types.RowKind}), then
 * {@code _timestamp}.
 *
 * @param table the table as its connector resolved it
 * @param updating whether the rows written are a changelog (an updating query's results)
 */
public record SinkOperator(ConnectorTable table, boolean updating) implements OperatorSpec {

    /** A sink of append-only rows. */
    public SinkOperator(ConnectorTable table) {
        this(table, false);
    }

    @Override
    public String name() {
        return "sink";
    }
}
