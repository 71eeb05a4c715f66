package org.wadi.spi.plan;

import java.util.List;
import java.util.Objects;
import org.wadi.spi.types.Schema;

/**
 * A data flow between two operators.
 *
 * @param source the upstream node's id
 * @param target the downstream node's id
 * @param kind how rows are distributed
 * @param keys for {@link EdgeKind#SHUFFLE}: the indexes of the key columns in {@code schema}
 * @param schema the rows' columns, {@code _timestamp} last
 */
public record PlanEdge(String source, String target, EdgeKind kind, List<Integer> keys, Schema schema) {

    public PlanEdge {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        keys = keys == null ? List.of() : List.copyOf(keys);
    }
}
