package org.wadi.spi.plan;

import java.util.List;
import org.wadi.spi.types.Schema;

/**
 * Filters and projects rows, one at a time: for each input row for which {@code filter} is TRUE
 * (not FALSE, not NULL), emits a row of the {@code projections}' values. Both schemas end with
 * {@code _timestamp}; the last projection computes it (usually the input's own).
 *
 * @param input the input rows' schema
 * @param filter a BOOLEAN expression over the input, or {@code null} to keep every row
 * @param projections one expression per output column
 * @param output the output rows' schema
 */
public record CalcOperator(Schema input, Expr filter, List<Expr> projections, Schema output) implements OperatorSpec {

    public CalcOperator {
        projections = List.copyOf(projections);
        if (projections.size() != output.size()) {
            throw new IllegalArgumentException(
                    projections.size() + " projections for " + output.size() + " output columns");
        }
    }

    @Override
    public String name() {
        return "calc";
    }
}
