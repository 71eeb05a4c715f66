package org.wadi.sql.internal;

import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import org.wadi.spi.connector.Connector;

/** Finds connector services by the name users write in {@code WITH (connector = '…')}. */
public interface ConnectorLookup {

    /** The connector named so, or {@code null}. */
    Connector find(String name);

    /** The names of all connectors available now, for error messages. */
    Collection<String> names();

    /** A lookup over a (possibly changing) map of connectors by name. */
    static ConnectorLookup of(Map<String, Connector> connectors) {
        return new ConnectorLookup() {
            @Override
            public Connector find(String name) {
                return connectors.get(name);
            }

            @Override
            public Collection<String> names() {
                return new TreeSet<>(connectors.keySet());
            }
        };
    }
}
