/** Wadi's persistent configuration and status: pipelines, jobs, their history and their checkpoints. */
@Export
@Version("1.1.0")
package org.wadi.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
