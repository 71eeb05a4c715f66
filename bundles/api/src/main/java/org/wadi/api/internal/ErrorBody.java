package org.wadi.api.internal;

/**
 * Every error's body: {@code {"error": "…"}}.
 *
 * @param error what went wrong, for users
 */
public record ErrorBody(String error) {
}
