/** The dataflow plan: the graph of operators the SQL planner produces and the workers run. */
@Export
@Version("1.4.0")
package org.wadi.spi.plan;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
