package org.wadi.spi.connector;

/**
 * The outcome of {@link Connector#test}.
 *
 * @param ok whether the system was reached and the table is usable
 * @param message what was found, or what failed and why
 */
public record TestResult(boolean ok, String message) {
}
