package org.wadi.spi.connector;

import java.util.Map;
import java.util.Set;
import org.wadi.spi.types.Schema;

/**
 * A table as a connector resolved it: what the plan carries to the workers. Everything a source or
 * sink needs must be in {@code options}; it is serialised into the plan as JSON.
 *
 * @param name the table's name in SQL
 * @param connector the connector's name
 * @param options the validated options (including defaults the connector filled in)
 * @param schema the columns users see, without {@code _timestamp}
 * @param roles how the table can be used
 * @param bounded whether reading it ends (a file) rather than running forever (a topic)
 */
public record ConnectorTable(
        String name,
        String connector,
        Map<String, String> options,
        Schema schema,
        Set<TableRole> roles,
        boolean bounded) {

    public ConnectorTable {
        options = Map.copyOf(options);
        roles = Set.copyOf(roles);
    }

    /** An option's value, or {@code null}. */
    public String option(String key) {
        return options.get(key);
    }
}
