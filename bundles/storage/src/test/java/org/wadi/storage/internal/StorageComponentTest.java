package org.wadi.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.internal.StorageComponent.StorageUrl;

class StorageComponentTest {

    @TempDir
    Path dir;

    private static void rejected(String url, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StorageComponent.parse(url));
        assertTrue(url == null || e.getMessage().contains("'" + url + "'"), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void rejectsUnsupportedAndMalformedUrls() {
        IllegalArgumentException ftp = assertThrows(IllegalArgumentException.class, () -> StorageComponent.parse("ftp://x"));
        assertEquals("unsupported storage URL 'ftp://x': use file:///path or s3://bucket/prefix", ftp.getMessage());
        rejected("/var/lib/wadi", "use file:///path or s3://bucket/prefix");
        rejected("gs://bucket/x", "unsupported");
        rejected("file://tmp/checkpoints", "'tmp' is read as a host name", "file:///tmp/checkpoints");
        rejected("file:relative/folder", "absolute path");
        rejected("file:///", "root");
        rejected("s3://", "invalid storage URL", "s3://bucket/prefix");
        rejected("s3:///prefix", "no bucket");
        rejected("s3://Bad_Bucket/x", "invalid bucket name");
        rejected("s3://ab/x", "invalid bucket name 'ab'");
        rejected("s3://bucket:9000/x", "storage.s3.endpoint");
        rejected("s3://key@bucket/x", "storage.s3.endpoint");
        rejected("s3://bucket/a/../b", "'..'");
        rejected("s3://bucket/a//b", "empty segment");
        rejected("s3://bucket/x?region=eu", "no query");
        rejected("s3://bucket/x y", "Illegal character");
        assertThrows(IllegalArgumentException.class, () -> StorageComponent.parse(""));
        assertThrows(IllegalArgumentException.class, () -> StorageComponent.parse(null));
    }

    @Test
    void parsesValidUrls() {
        assertEquals(new StorageUrl(Path.of("/var/lib/wadi"), null, null), StorageComponent.parse("file:///var/lib/wadi/"));
        assertEquals(new StorageUrl(Path.of("/var/lib/wadi"), null, null), StorageComponent.parse("file:/var/lib/wadi"));
        assertEquals(new StorageUrl(Path.of("/var/lib/wadi"), null, null), StorageComponent.parse("file://localhost/var/lib/wadi"));
        assertEquals(new StorageUrl(null, "bucket", ""), StorageComponent.parse("s3://bucket"));
        assertEquals(new StorageUrl(null, "bucket", ""), StorageComponent.parse("s3://bucket/"));
        assertEquals(new StorageUrl(null, "my.bucket-1", "wadi/prod/"), StorageComponent.parse("s3://my.bucket-1/wadi/prod/"));
        assertNull(StorageComponent.parse("s3://bucket/x").file());
    }

    @Test
    void opensFileStoresCreatingTheirFolder() throws IOException {
        Path root = dir.resolve("a/b/checkpoints");
        try (StorageComponent provider = new StorageComponent(new StorageSettings(root.toUri().toString(),
                S3Settings.compatible("http://127.0.0.1:1", "a", "b")));
             ObjectStore store = provider.open(provider.defaultUrl())) {
            assertTrue(Files.isDirectory(root));
            assertEquals(provider.defaultUrl(), store.url());
            store.put("k", new byte[] {1});
            assertTrue(Files.exists(root.resolve("k")));
        }
    }

    @Test
    void aStoppedProviderOpensNoS3Store() {
        StorageComponent provider = new StorageComponent(new StorageSettings("file:///tmp/x",
                S3Settings.compatible("http://127.0.0.1:1", "a", "b")));
        provider.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> provider.open("s3://bucket/x"));
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
    }
}
