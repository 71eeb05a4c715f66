package org.wadi.storage;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens object stores for storage URLs; an OSGi service, configured under the PID
 * {@code org.wadi.storage} (S3 endpoint, region, credentials, checksums, part sizes).
 *
 * <p>Supported URLs:
 * <ul>
 *   <li>{@code file:///absolute/folder}: a folder on this machine (created if missing);
 *   <li>{@code s3://bucket} or {@code s3://bucket/prefix}: a bucket of Amazon S3 or of the
 *       S3-compatible store set as {@code storage.s3.endpoint}, optionally under a key prefix.
 * </ul>
 *
 * <p>Stores opened from this service work while it is registered: when its configuration changes
 * or its bundle stops, the service is replaced and the S3 stores opened from the old one fail;
 * users hold the service dynamically and open their stores again from the new one.
 */
@ProviderType
public interface StorageProvider {

    /**
     * Opens the store at {@code url}. Cheap: S3 stores share one client, built at the first use.
     *
     * @throws IllegalArgumentException if the URL is not a valid storage URL, naming it and what
     *     is wrong, e.g. {@code unsupported storage URL 'ftp://x': use file:///path or
     *     s3://bucket/prefix}
     * @throws IOException if the store cannot be reached or its folder cannot be created
     */
    ObjectStore open(String url) throws IOException;

    /**
     * The configured default storage URL ({@code storage.url}): where checkpoints go when a job
     * names none. {@code file://<karaf.data>/checkpoints} unless configured.
     */
    String defaultUrl();
}
