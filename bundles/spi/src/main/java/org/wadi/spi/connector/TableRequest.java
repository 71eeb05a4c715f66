package org.wadi.spi.connector;

import org.wadi.spi.types.Schema;

/**
 * A table definition for {@link Connector#table}: what the user wrote in {@code CREATE TABLE}.
 *
 * @param name the table's name
 * @param columns the declared columns (empty when the statement lists none)
 * @param options the {@code WITH} options other than {@code connector}, tracking which were read
 * @param files the file roots connectors must keep to
 */
public record TableRequest(String name, Schema columns, Options options, FileAccess files) {
}
