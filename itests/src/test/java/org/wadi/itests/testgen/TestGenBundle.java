package org.wadi.itests.testgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Packs {@link TestGenConnector} as an OSGi bundle, the way a third party would ship a connector:
 * its classes, a Declarative Services descriptor, and a manifest importing only the SPI.
 */
public final class TestGenBundle {

    public static final String SYMBOLIC_NAME = "wadi-itests-testgen";

    private TestGenBundle() {
    }

    /** Writes the bundle to {@code jar}. */
    public static Path write(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", SYMBOLIC_NAME);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Name", "Wadi integration tests: connector testgen");
        a.putValue("Import-Package", "org.wadi.spi.connector;version=\"[1.0,2)\",org.wadi.spi.types;version=\"[1.0,2)\","
                + "org.slf4j;version=\"[1.7,3)\"");
        a.putValue("Service-Component", "OSGI-INF/testgen.xml");
        a.putValue("Require-Capability", "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)(version>=1.3.0)(!(version>=2.0.0)))\"");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (String cls : new String[] {"TestGenConnector.class", "TestGenConnector$CountingSource.class"}) {
                copy(out, "org/wadi/itests/testgen/" + cls, TestGenBundle.class.getResourceAsStream(cls));
            }
            copy(out, "OSGI-INF/testgen.xml", TestGenBundle.class.getResourceAsStream("/testgen/OSGI-INF/testgen.xml"));
        }
        return jar;
    }

    private static void copy(JarOutputStream out, String name, InputStream in) throws IOException {
        if (in == null) {
            throw new IOException(name + " is not on the test class path");
        }
        try (in) {
            out.putNextEntry(new JarEntry(name));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
