package org.wadi.formats.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * For tests that start a connector bundle in a plain OSGi framework: the packages the test's class
 * path shares with it (Wadi's SPI, formats and connector support, Jackson, SLF4J), as {@code
 * org.osgi.framework.system.packages.extra}, with the versions the jars on the class path export —
 * so the list follows the versions the build uses rather than repeating them.
 */
public final class OsgiTesting {

    /** The packages a connector bundle imports from its container. */
    private static final Set<String> SHARED = Set.of("org.wadi.spi.connector", "org.wadi.spi.types", "org.wadi.formats",
            "org.wadi.formats.support",
            "com.fasterxml.jackson.databind", "com.fasterxml.jackson.databind.node", "org.slf4j", "org.slf4j.event",
            "org.slf4j.helpers", "org.slf4j.spi");

    private OsgiTesting() {
    }

    /** {@code pkg;version=v,…} for the shared packages, read from the exporting jars' manifests. */
    public static String systemPackages() {
        List<String> out = new ArrayList<>();
        for (String jarOf : List.of("org.wadi.spi.connector.Connector", "org.wadi.formats.JsonFormat",
                "com.fasterxml.jackson.databind.ObjectMapper", "org.slf4j.Logger")) {
            for (String[] export : exports(jarOf)) {
                if (SHARED.contains(export[0])) {
                    out.add(export[0] + ";version=" + export[1]);
                }
            }
        }
        return String.join(",", out);
    }

    /**
     * {@code pkg;version=v,…} for every package the jars holding these classes export except
     * those excluded: for tests that start the formats bundle itself, whose own packages must not
     * come from the class path.
     */
    public static String exportsOf(List<String> classNames, Set<String> excluded) {
        List<String> out = new ArrayList<>();
        for (String className : classNames) {
            for (String[] export : exports(className)) {
                if (!excluded.contains(export[0])) {
                    out.add(export[0] + ";version=" + export[1]);
                }
            }
        }
        return String.join(",", out);
    }

    /** The (package, version) pairs of the Export-Package header of the jar holding {@code className}. */
    static List<String[]> exports(String className) {
        try {
            Class<?> c = Class.forName(className, false, OsgiTesting.class.getClassLoader());
            Path location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            Manifest manifest;
            if (Files.isDirectory(location)) {
                try (var in = Files.newInputStream(location.resolve("META-INF/MANIFEST.MF"))) {
                    manifest = new Manifest(in);
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    manifest = jar.getManifest();
                }
            }
            String header = manifest.getMainAttributes().getValue("Export-Package");
            List<String[]> out = new ArrayList<>();
            for (String clause : split(header == null ? "" : header)) {
                String[] parts = clause.split(";");
                String version = "0.0.0";
                for (String p : parts) {
                    String t = p.trim();
                    if (t.startsWith("version=")) {
                        version = t.substring("version=".length()).replace("\"", "");
                    }
                }
                out.add(new String[] {parts[0].trim(), version});
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the exports of the jar of " + className, e);
        }
    }

    /** Splits a manifest header at the commas that are outside quotes. */
    private static List<String> split(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (char ch : header.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            }
            if (ch == ',' && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(ch);
            }
        }
        if (!b.isEmpty()) {
            out.add(b.toString());
        }
        return out;
    }
}
