/**
 * Wadi's pipeline service: the logic behind the REST API and the shell commands (validation,
 * planning, desired state), and the JSON shapes of the REST API, which follow Arroyo's.
 */
@Export
@Version("1.0.0")
package org.wadi.api.service;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
