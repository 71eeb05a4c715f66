package org.wadi.api.internal;

import org.wadi.api.service.ApiException;

/** Query parameters taken as text so that a malformed one is a 400 naming it, not JAX-RS's 404. */
final class QueryParams {

    private QueryParams() {
    }

    static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, was '" + value + "'");
        }
    }
}
