package org.wadi.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The storage configuration, PID {@code org.wadi.storage}. Every key can be overridden by the
 * environment variable {@code WADI_<KEY>} (upper case, dots as underscores), e.g.
 * {@code WADI_STORAGE_S3_ENDPOINT}.
 */
@ObjectClassDefinition(
        id = "org.wadi.storage",
        name = "Wadi storage",
        description = "Where Wadi keeps checkpoints and other objects: a folder (file:///path) on one machine, "
                + "or an S3 bucket (s3://bucket/prefix) of Amazon S3 or any S3-compatible store for a cluster.")
public @interface StorageConfig {

    @AttributeDefinition(name = "Default storage URL",
            description = "Where checkpoints go when a job names no storage: file:///absolute/folder or s3://bucket/prefix. "
                    + "Empty: file://${karaf.data}/checkpoints.")
    String storage_url() default "";

    @AttributeDefinition(name = "S3 endpoint",
            description = "URL of the S3-compatible store, e.g. http://127.0.0.1:9000 for MinIO. Empty: Amazon S3 in storage.s3.region.")
    String storage_s3_endpoint() default "";

    @AttributeDefinition(name = "S3 region",
            description = "Region of the bucket (signing region for S3-compatible stores).")
    String storage_s3_region() default "us-east-1";

    @AttributeDefinition(name = "S3 path-style access",
            description = "true: http://endpoint/bucket/key; false: virtual-hosted http://bucket.endpoint/key. "
                    + "Empty: true when storage.s3.endpoint is set (most S3-compatible stores need it), false for Amazon S3.",
            options = {@Option(label = "automatic", value = ""), @Option(label = "path style", value = "true"),
                       @Option(label = "virtual-hosted style", value = "false")})
    String storage_s3_path_style() default "";

    @AttributeDefinition(name = "S3 access key",
            description = "Access key id. Empty (with an empty secret key): the AWS SDK's default credentials chain "
                    + "(aws.accessKeyId/aws.secretAccessKey system properties, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                    + "~/.aws/credentials, container and EC2 instance credentials).")
    String storage_s3_access_key() default "";

    @AttributeDefinition(name = "S3 secret key", type = AttributeType.PASSWORD,
            description = "Secret access key for storage.s3.access.key.")
    String storage_s3_secret_key() default "";

    @AttributeDefinition(name = "S3 integrity checksums",
            description = "when_required: checksums only where S3 demands them (works with S3-compatible stores that refuse "
                    + "the newer checksum headers with HTTP 501); when_supported: the SDK's default, checksums on every upload and download.",
            options = {@Option(label = "when required", value = "when_required"),
                       @Option(label = "when supported", value = "when_supported")})
    String storage_s3_checksums() default "when_required";

    @AttributeDefinition(name = "S3 multipart threshold (MiB)",
            description = "Objects larger than this are uploaded in parts (multipart upload); smaller ones in one request.")
    int storage_s3_multipart_threshold_mib() default 16;

    @AttributeDefinition(name = "S3 part size (MiB)",
            description = "Size of each part of a multipart upload, 5 to 5120 MiB and at most the threshold; one part is held in memory while it uploads.")
    int storage_s3_part_size_mib() default 8;
}
