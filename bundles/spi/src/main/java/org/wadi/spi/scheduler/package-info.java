/** The scheduler SPI: how the controller gets worker processes started and stopped. */
@Export
@Version("1.5.0")
package org.wadi.spi.scheduler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
