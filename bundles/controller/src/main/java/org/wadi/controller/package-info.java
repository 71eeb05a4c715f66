/** What the controller offers other server bundles: read-only views of live jobs, and the server's metrics. */
@Export
@Version("1.3.0")
package org.wadi.controller;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
