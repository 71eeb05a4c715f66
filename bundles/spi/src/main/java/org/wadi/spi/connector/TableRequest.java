package org.wadi.spi.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param metadata the columns declared {@code METADATA FROM 'key'}: column name to the key, in
 *     declaration order (empty when none). The connector refuses keys it does not know (naming the
 *     ones it has), records what its source needs in the table's options, and its source fills
 *     these columns of each row (Kafka's {@code offset_id}, {@code partition}, {@code topic} …)
 */
public record TableRequest(String name, Schema columns, Options options, FileAccess files, List<String> primaryKey,
        Map<String, String> metadata) {

    public TableRequest {
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A table without metadata columns. */
    public TableRequest(String name, Schema columns, Options options, FileAccess files, List<String> primaryKey) {
        this(name, columns, options, files, primaryKey, Map.of());
    }

    /** A table without a primary key. */
    public TableRequest(String name, Schema columns, Options options, FileAccess files) {
        this(name, columns, options, files, List.of());
    }
}
