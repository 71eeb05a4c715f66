/**
 * Row encodings shared by connectors: JSON objects encoded exactly as Arroyo writes them, and
 * decoded into Wadi rows; Debezium change events ({@code debezium_json}) for updating results;
 * and the {@code format} / {@code json.*} table options that select them.
 */
@Export
@Version("1.2.0")
package org.wadi.formats;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
