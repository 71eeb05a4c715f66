/**
 * Wadi's pipeline and job services: the logic behind the REST API and the shell commands
 * (validation, planning, desired state; jobs' checkpoints and errors), and the JSON shapes of the
 * REST API, which follow Arroyo's.
 */
@Export
@Version("1.4.0")
package org.wadi.api.service;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
