package org.wadi.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageSettingsTest {

    /** The configuration as Declarative Services gives it, defaults unless overridden in {@code values}. */
    private static StorageConfig config(Map<String, String> values) {
        Map<String, String> v = new HashMap<>(values);
        return new StorageConfig() {
            @Override public Class<? extends Annotation> annotationType() { return StorageConfig.class; }
            @Override public String storage_url() { return v.getOrDefault("storage.url", ""); }
            @Override public String storage_s3_endpoint() { return v.getOrDefault("storage.s3.endpoint", ""); }
            @Override public String storage_s3_region() { return v.getOrDefault("storage.s3.region", "us-east-1"); }
            @Override public String storage_s3_path_style() { return v.getOrDefault("storage.s3.path.style", ""); }
            @Override public String storage_s3_access_key() { return v.getOrDefault("storage.s3.access.key", ""); }
            @Override public String storage_s3_secret_key() { return v.getOrDefault("storage.s3.secret.key", ""); }
            @Override public String storage_s3_checksums() { return v.getOrDefault("storage.s3.checksums", "when_required"); }
            @Override public int storage_s3_multipart_threshold_mib() {
                return Integer.parseInt(v.getOrDefault("storage.s3.multipart.threshold.mib", "16"));
            }
            @Override public int storage_s3_part_size_mib() { return Integer.parseInt(v.getOrDefault("storage.s3.part.size.mib", "8")); }
        };
    }

    private static StorageSettings from(Map<String, String> config, Map<String, String> env) {
        return StorageSettings.from(config(config), env::get, "/opt/wadi/data");
    }

    @Test
    void defaultsToCheckpointsUnderKarafDataAndAmazonS3() {
        StorageSettings s = from(Map.of(), Map.of());
        assertEquals("file:///opt/wadi/data/checkpoints", s.defaultUrl());
        assertEquals("", s.s3().endpoint());
        assertEquals("us-east-1", s.s3().region());
        assertFalse(s.s3().pathStyle(), "virtual-hosted style for Amazon S3");
        assertTrue(s.s3().defaultCredentials());
        assertTrue(s.s3().checksumsWhenRequired());
        assertEquals(16L << 20, s.s3().multipartThreshold());
        assertEquals(8L << 20, s.s3().partSize());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "wadi", "checkpoints").toUri().toString(),
                StorageSettings.from(config(Map.of()), k -> null, null).defaultUrl());
    }

    @Test
    void anEndpointMeansPathStyleUnlessSaidOtherwise() {
        assertTrue(from(Map.of("storage.s3.endpoint", "http://127.0.0.1:9000"), Map.of()).s3().pathStyle());
        assertFalse(from(Map.of("storage.s3.endpoint", "http://minio:9000", "storage.s3.path.style", "false"), Map.of()).s3().pathStyle());
        assertTrue(from(Map.of("storage.s3.path.style", "true"), Map.of()).s3().pathStyle());
    }

    @Test
    void environmentOverridesConfiguration() {
        Map<String, String> env = Map.of(
                "WADI_STORAGE_URL", "s3://bucket/wadi",
                "WADI_STORAGE_S3_ENDPOINT", "https://storage.example:9000",
                "WADI_STORAGE_S3_REGION", "eu-west-1",
                "WADI_STORAGE_S3_ACCESS_KEY", "AKIA",
                "WADI_STORAGE_S3_SECRET_KEY", "top-secret",
                "WADI_STORAGE_S3_CHECKSUMS", "WHEN_SUPPORTED",
                "WADI_STORAGE_S3_PART_SIZE_MIB", "16",
                "WADI_STORAGE_S3_MULTIPART_THRESHOLD_MIB", "64");
        StorageSettings s = from(Map.of("storage.url", "file:///elsewhere", "storage.s3.region", "us-west-2"), env);
        assertEquals("s3://bucket/wadi", s.defaultUrl());
        assertEquals("https://storage.example:9000", s.s3().endpoint());
        assertEquals("eu-west-1", s.s3().region());
        assertEquals("AKIA", s.s3().accessKey());
        assertEquals("top-secret", s.s3().secretKey());
        assertFalse(s.s3().checksumsWhenRequired());
        assertEquals(16L << 20, s.s3().partSize());
        assertEquals(64L << 20, s.s3().multipartThreshold());
        assertFalse(s.toString().contains("top-secret"), s.toString());
    }

    @Test
    void rejectsBadValuesNamingThem() {
        assertMessage(Map.of("storage.s3.endpoint", "127.0.0.1:9000"), Map.of(), "storage.s3.endpoint", "'127.0.0.1:9000'");
        assertMessage(Map.of("storage.s3.path.style", "yes"), Map.of(), "storage.s3.path.style", "'yes'", "true, false");
        assertMessage(Map.of("storage.s3.checksums", "always"), Map.of(), "storage.s3.checksums", "when_required or when_supported");
        assertMessage(Map.of("storage.s3.access.key", "AKIA"), Map.of(), "storage.s3.secret.key is empty");
        assertMessage(Map.of("storage.s3.secret.key", "s"), Map.of(), "storage.s3.access.key is empty");
        assertMessage(Map.of("storage.s3.part.size.mib", "4"), Map.of(), "storage.s3.part.size.mib 4", "5 to 5120");
        assertMessage(Map.of("storage.s3.multipart.threshold.mib", "6"), Map.of(), "storage.s3.multipart.threshold.mib 6", "at least");
        assertMessage(Map.of(), Map.of("WADI_STORAGE_S3_PART_SIZE_MIB", "eight"), "'eight'", "WADI_STORAGE_S3_PART_SIZE_MIB");
    }

    private static void assertMessage(Map<String, String> config, Map<String, String> env, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> from(config, env));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}
