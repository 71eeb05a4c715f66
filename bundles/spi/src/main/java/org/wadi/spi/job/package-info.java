/** The job model shared by the controller, the API and the store. */
@Export
@Version("1.0.0")
package org.wadi.spi.job;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
