package org.wadi.api.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The key of {@code etc/org.wadi.api.cfg} that allows uploading bundles through the API. */
@ObjectClassDefinition(name = "Wadi REST API: bundle upload",
        description = "Whether POST /api/v1/bundles may drop bundle jars into deploy/.")
public @interface BundleUploadConfig {

    @AttributeDefinition(name = "Bundle upload",
            description = "Allow uploading connector and function bundles into deploy/ through the API"
                    + " (api.bundle_upload); off by default.")
    boolean api_bundle__upload() default false;
}
