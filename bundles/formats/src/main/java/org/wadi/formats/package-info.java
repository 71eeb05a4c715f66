/**
 * Row encodings shared by connectors: JSON objects encoded exactly as Arroyo writes them, and
 * decoded into Wadi rows; Debezium change events ({@code debezium_json}) for updating results;
 * Avro ({@code avro}, with Confluent's Schema Registry framing) and Protobuf ({@code protobuf})
 * records; {@code raw_string} and {@code raw_bytes}; {@code framing = 'newline'}; {@code bad_data}
 * with a {@link org.wadi.formats.BadDataCounter} hook; and the {@code format} and format table
 * options that select them ({@link org.wadi.formats.RowFormat}).
 */
@Export
@Version("1.3.0")
package org.wadi.formats;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
