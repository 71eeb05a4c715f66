package org.wadi.api.service;

import java.util.List;

/**
 * The body of {@code GET /api/v1/connectors}.
 *
 * @param data the connectors installed now, by id
 */
public record ConnectorCollection(List<Connector> data) {

    public ConnectorCollection {
        data = List.copyOf(data);
    }
}
