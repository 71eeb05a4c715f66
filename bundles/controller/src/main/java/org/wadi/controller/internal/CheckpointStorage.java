package org.wadi.controller.internal;

import java.io.IOException;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.StorageProvider;

/**
 * The checkpoint storage of every job: its URL, which workers get with the plan, and the store
 * the controller opens to mark checkpoints complete and delete old ones.
 */
public interface CheckpointStorage {

    /** {@code file:///…} or {@code s3://bucket/prefix}. */
    String url();

    /** Opens the store; the caller closes it. */
    ObjectStore open() throws IOException;

    /**
     * The storage at {@code configuredUrl} ({@code checkpoint.storage.url}), or at the storage
     * provider's default ({@code file://${karaf.data}/checkpoints} unless configured) when blank.
     */
    static CheckpointStorage of(StorageProvider provider, String configuredUrl) {
        String url = configuredUrl == null || configuredUrl.isBlank() ? provider.defaultUrl() : configuredUrl.trim();
        return new CheckpointStorage() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public ObjectStore open() throws IOException {
                return provider.open(url);
            }
        };
    }
}
