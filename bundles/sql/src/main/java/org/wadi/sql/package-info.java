/** The SQL planner's service: SQL text in, dataflow plan or diagnostics out. */
@Export
@Version("1.1.0")
package org.wadi.sql;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
