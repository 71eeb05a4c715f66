package org.wadi.spi.plan;

import java.util.List;
import java.util.Objects;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.types.Schema;

/**
 * Joins each input row with the row of a lookup table ({@code CREATE TEMPORARY TABLE … WITH (type =
 * 'lookup')}, served by its connector's {@link org.wadi.spi.connector.LookupSource}) whose primary
 * key equals the row's key columns — an external table read on demand, not a stream. Lookups are
 * batched per input batch and cached as the table's {@code lookup.cache.max_bytes} and
 * {@code lookup.cache.ttl} options say. Chained after its input (a FORWARD edge); keeps no state
 * in checkpoints (its cache is rebuilt).
 *
 * <p>Output rows: every input column but {@code _timestamp} (and {@code _op}), every column of the
 * table (NULL for a LEFT join's row without a match), {@code _op} when the input is updating, then
 * the input's {@code _timestamp}.
 *
 * @param input the input rows' schema
 * @param table the lookup table as its connector resolved it
 * @param keys the input columns matched, in the order of {@code lookupKeys}
 * @param lookupKeys the table's primary-key columns
 * @param type {@link JoinType#INNER} (rows without a match are dropped) or {@link JoinType#LEFT}
 * @param output the output rows' schema as described above
 */
public record LookupJoinOperator(Schema input, ConnectorTable table, List<Integer> keys, List<Integer> lookupKeys,
        JoinType type, Schema output) implements OperatorSpec {

    public LookupJoinOperator {
        Objects.requireNonNull(table, "table");
        keys = List.copyOf(keys);
        lookupKeys = List.copyOf(lookupKeys);
        if (keys.isEmpty() || keys.size() != lookupKeys.size()) {
            throw new IllegalArgumentException("a lookup join needs as many input keys as table keys, at least one");
        }
        if (type != JoinType.INNER && type != JoinType.LEFT) {
            throw new IllegalArgumentException("a lookup join is INNER or LEFT, not " + type);
        }
    }

    @Override
    public String name() {
        return "lookup_join";
    }
}
