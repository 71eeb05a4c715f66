package org.wadi.spi.plan;

import org.wadi.spi.types.Schema;

/**
 * UNION ALL: passes on the rows of all its inputs (two or more edges, each of rows of
 * {@code schema}), in the order they arrive. Its watermark is the least of its inputs'.
 *
 * @param schema the rows' columns, the same on every input and the output
 */
public record UnionOperator(Schema schema) implements OperatorSpec {

    @Override
    public String name() {
        return "union";
    }
}
