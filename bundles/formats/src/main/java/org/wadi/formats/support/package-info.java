/**
 * Plumbing shared by connector bundles, beside the row formats: the table declaration of
 * connectors whose payloads are JSON rows ({@link org.wadi.formats.support.JsonTables}), and lane
 * positions ({@link org.wadi.formats.support.LanePosition}, {@link org.wadi.formats.support.LaneStates})
 * for sources in which every subtask reads one ordered stream whole and emits its share, so that
 * a job restores exactly once at any parallelism.
 */
@Export
@Version("1.0.0")
package org.wadi.formats.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
