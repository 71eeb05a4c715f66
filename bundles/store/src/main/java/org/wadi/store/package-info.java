/** Wadi's persistent configuration and status: pipelines, jobs and their history. */
@Export
@Version("1.0.0")
package org.wadi.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
