package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.api.service.ApiException;

/** An uploaded bundle lands in deploy/ whole, and anything else is refused with a message that says why. */
class BundleJarsTest {

    @TempDir
    Path dir;

    @Test
    void aBundleIsWrittenIntoDeploy() throws IOException {
        byte[] jar = jar("org.example.geo;singleton:=true", "1.2.3");
        Path deploy = dir.resolve("deploy");
        BundleUpload up = BundleJars.deploy(deploy, "geo-1.2.3.jar", jar);
        assertEquals(new BundleUpload("geo-1.2.3.jar", "org.example.geo", "1.2.3"), up);
        assertArrayEquals(jar, Files.readAllBytes(deploy.resolve("geo-1.2.3.jar")));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "a temporary file was left behind");
        }
    }

    @Test
    void badFileNamesAreRefused() {
        for (String name : new String[] {"../x.jar", "x.zip", "/etc/x.jar", ".x.jar", "a b.jar"}) {
            ApiException e = assertThrows(ApiException.class, () -> BundleJars.deploy(dir, name, jar("a", "1")));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("'filename'") && e.getMessage().contains(name), e.getMessage());
        }
        ApiException e = assertThrows(ApiException.class, () -> BundleJars.deploy(dir, null, jar("a", "1")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void contentThatIsNoBundleIsRefused() throws IOException {
        assertTrue(assertThrows(ApiException.class, () -> BundleJars.deploy(dir, "x.jar", new byte[0]))
                .getMessage().contains("was empty"));
        assertTrue(assertThrows(ApiException.class, () -> BundleJars.deploy(dir, "x.jar", "hello".getBytes()))
                .getMessage().contains("not a jar"));
        assertTrue(assertThrows(ApiException.class, () -> BundleJars.deploy(dir, "x.jar", jar(null, "1")))
                .getMessage().contains("no Bundle-SymbolicName"));
    }

    @Test
    void bundleStatesHaveNames() {
        assertEquals("Active", BundlesResource.state(org.osgi.framework.Bundle.ACTIVE));
        assertEquals("Resolved", BundlesResource.state(org.osgi.framework.Bundle.RESOLVED));
        assertEquals("Installed", BundlesResource.state(org.osgi.framework.Bundle.INSTALLED));
    }

    private static byte[] jar(String symbolicName, String version) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        m.getMainAttributes().putValue("Bundle-Version", version);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new ZipEntry("a.txt"));
            jar.write('a');
        }
        return out.toByteArray();
    }
}
