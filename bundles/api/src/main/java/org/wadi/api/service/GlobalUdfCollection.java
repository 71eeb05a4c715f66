package org.wadi.api.service;

import java.util.List;

/**
 * The body of {@code GET /api/v1/udfs}: saved Java source functions and the function services of
 * installed bundles.
 *
 * @param data the functions
 */
public record GlobalUdfCollection(List<GlobalUdf> data) {

    public GlobalUdfCollection {
        data = List.copyOf(data);
    }
}
