/** Wadi's SQL data types and schemas, as carried by plans and rows. */
@Export
@Version("1.1.0")
package org.wadi.spi.types;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
