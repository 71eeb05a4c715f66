/**
 * The SQL function SPI: scalar, aggregate and asynchronous functions as OSGi services.
 *
 * <p>A bundle registers a {@link org.wadi.spi.function.ScalarFunction},
 * {@link org.wadi.spi.function.AggregateFunction} or {@link org.wadi.spi.function.AsyncFunction}
 * service; the planner offers it to the next pipeline under the name of its
 * {@link org.wadi.spi.function.FunctionSignature}, and workers find the same service in their JVM.
 * Removing the bundle makes new pipelines that call the function fail with a clear error.
 *
 * <p>Values cross the SPI as the runtime holds them in rows, boxed:
 * <table>
 *   <caption>SQL types and their Java values</caption>
 *   <tr><th>type</th><th>Java value</th></tr>
 *   <tr><td>BOOLEAN</td><td>{@link java.lang.Boolean}</td></tr>
 *   <tr><td>TINYINT, SMALLINT, INT, BIGINT</td><td>{@link java.lang.Byte}, {@link java.lang.Short},
 *       {@link java.lang.Integer}, {@link java.lang.Long}</td></tr>
 *   <tr><td>TINYINT/SMALLINT/INT/BIGINT UNSIGNED</td><td>{@link java.lang.Short},
 *       {@link java.lang.Integer}, {@link java.lang.Long}, {@link java.lang.Long} (unsigned bits)</td></tr>
 *   <tr><td>REAL, DOUBLE</td><td>{@link java.lang.Float}, {@link java.lang.Double}</td></tr>
 *   <tr><td>DECIMAL</td><td>{@link java.math.BigDecimal}</td></tr>
 *   <tr><td>TEXT, JSON</td><td>{@link java.lang.String}</td></tr>
 *   <tr><td>BYTEA</td><td>{@code byte[]}</td></tr>
 *   <tr><td>TIMESTAMP, TIME, INTERVAL</td><td>{@link java.lang.Long} nanoseconds</td></tr>
 *   <tr><td>DATE</td><td>{@link java.lang.Integer} days since 1970-01-01</td></tr>
 *   <tr><td>LIST</td><td>{@link java.util.List} of element values</td></tr>
 *   <tr><td>STRUCT</td><td>{@code Object[]} of field values</td></tr>
 * </table>
 * SQL NULL is {@code null}.
 */
@Export
@Version("1.0.0")
package org.wadi.spi.function;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
