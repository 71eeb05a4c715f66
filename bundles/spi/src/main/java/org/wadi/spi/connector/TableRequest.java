package org.wadi.spi.connector;

import java.util.List;
import org.wadi.spi.types.Schema;

/**
 * A table definition for {@link Connector#table}: what the user wrote in {@code CREATE TABLE}.
 *
 * @param name the table's name
 * @param columns the declared columns (empty when the statement lists none)
 * @param options the {@code WITH} options other than {@code connector}, tracking which were read
 * @param files the file roots connectors must keep to
 * @param primaryKey the columns of its {@code PRIMARY KEY}, in order (empty when it declares none): a
 *     lookup table's key, an updating source's key
 */
public record TableRequest(String name, Schema columns, Options options, FileAccess files, List<String> primaryKey) {

    public TableRequest {
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    }

    /** A table without a primary key. */
    public TableRequest(String name, Schema columns, Options options, FileAccess files) {
        this(name, columns, options, files, List.of());
    }
}
