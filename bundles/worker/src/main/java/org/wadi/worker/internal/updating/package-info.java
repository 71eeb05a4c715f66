/**
 * Operators over updating streams (changelogs with an {@code _op} column): the aggregate without a
 * window, emitting its changes in batches, and the join without a time bound. Their keyed state
 * lives in open-addressing tables and primitive arrays, written compactly into checkpoints.
 */
package org.wadi.worker.internal.updating;
