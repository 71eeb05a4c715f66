/** The connector SPI: a connector is an OSGi service that validates table options and creates sources and sinks. */
@Export
@Version("1.3.0")
package org.wadi.spi.connector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
