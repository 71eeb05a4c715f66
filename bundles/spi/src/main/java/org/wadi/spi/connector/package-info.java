/**
 * The connector SPI: a connector is an OSGi service that validates table options and creates sources and sinks;
 * {@link org.wadi.spi.connector.ConnectionCatalog} gives the planner the saved connection profiles and tables.
 */
@Export
@Version("1.6.0")
package org.wadi.spi.connector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
