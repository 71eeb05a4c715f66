/** Wadi's persistent configuration and status: pipelines, jobs, their history, checkpoints and errors. */
@Export
@Version("1.4.0")
package org.wadi.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
