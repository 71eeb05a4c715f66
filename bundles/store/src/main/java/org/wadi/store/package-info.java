/** Wadi's persistent configuration and status: pipelines, jobs, their history, checkpoints and errors, saved functions, connection profiles and tables. */
@Export
@Version("1.6.0")
package org.wadi.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
