package org.wadi.api.service;

import java.util.List;

/**
 * The body of {@code GET /api/v1/connection_profiles}.
 *
 * @param data the saved profiles, oldest first
 */
public record ConnectionProfileCollection(List<ConnectionProfile> data) {

    public ConnectionProfileCollection {
        data = List.copyOf(data);
    }
}
