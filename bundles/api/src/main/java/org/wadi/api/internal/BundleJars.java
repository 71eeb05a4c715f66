package org.wadi.api.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.wadi.api.service.ApiException;

/**
 * Checks an uploaded bundle jar and writes it into the deploy folder, where Karaf's deployer
 * installs and starts it.
 */
final class BundleJars {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.jar");

    private BundleJars() {
    }

    /**
     * Writes {@code jar} as {@code deploy/fileName} (through a temporary file, so the deployer never
     * sees half a jar) and returns what was written.
     *
     * @throws ApiException 400 when the name is not a plain {@code .jar} file name or the content is
     *         not a jar with a {@code Bundle-SymbolicName}
     */
    static BundleUpload deploy(Path deploy, String fileName, byte[] jar) throws IOException {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw ApiException.badRequest("query parameter 'filename' must be a plain file name ending in .jar"
                    + " (letters, digits, '.', '_', '-'), was " + (fileName == null ? "missing" : "'" + fileName + "'"));
        }
        Manifest manifest = manifest(jar);
        String symbolicName = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw ApiException.badRequest("'" + fileName + "' is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        }
        String version = manifest.getMainAttributes().getValue("Bundle-Version");
        Files.createDirectories(deploy);
        Path tmp = Files.createTempFile(deploy.getParent() == null ? deploy : deploy.getParent(), "upload-", ".part");
        try {
            Files.write(tmp, jar);
            Path target = deploy.resolve(fileName);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new BundleUpload(fileName, symbolicName.split(";")[0].trim(), version == null ? "0.0.0" : version.trim());
    }

    private static Manifest manifest(byte[] jar) {
        if (jar == null || jar.length == 0) {
            throw ApiException.badRequest("the request body must be a bundle jar, was empty");
        }
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest m = in.getManifest();
            if (m == null) {
                throw ApiException.badRequest("the request body is not a jar with a META-INF/MANIFEST.MF");
            }
            return m;
        } catch (IOException e) {
            throw ApiException.badRequest("the request body is not a jar: " + e.getMessage());
        }
    }
}
