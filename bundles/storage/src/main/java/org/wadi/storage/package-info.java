/**
 * Checkpoint and object storage behind a URL: {@code file:///path} on one machine,
 * {@code s3://bucket/prefix} (any S3-compatible store) for a cluster. Open an {@link
 * org.wadi.storage.ObjectStore} through the {@link org.wadi.storage.StorageProvider} service;
 * {@link org.wadi.storage.CheckpointLayout} names the keys of checkpoints and applies retention.
 */
@Export
@Version("1.3.0")
package org.wadi.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
