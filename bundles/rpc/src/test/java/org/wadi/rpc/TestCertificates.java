package org.wadi.rpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and certificates it signed, made with the machine's {@code openssl} for
 * tests of the cluster's TLS: each certificate names {@code localhost} and {@code 127.0.0.1}.
 */
public final class TestCertificates {

    private final Path folder;

    private TestCertificates(Path folder) {
        this.folder = folder;
    }

    /** A new authority in {@code folder}, with a certificate {@code name} signed by it. */
    public static TestCertificates create(Path folder) throws IOException, InterruptedException {
        TestCertificates c = new TestCertificates(folder);
        c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Wadi test CA",
                "-keyout", folder.resolve("ca.key").toString(), "-out", folder.resolve("ca.pem").toString());
        return c;
    }

    /** The authority's certificate. */
    public Path authority() {
        return folder.resolve("ca.pem");
    }

    /** A certificate {@code name} signed by the authority ({@code signed = false}: self-signed, for a stranger). */
    public ClusterAuth.Tls issue(String name, boolean signed) throws IOException, InterruptedException {
        Path key = folder.resolve(name + ".key");
        Path cert = folder.resolve(name + ".pem");
        Path ext = folder.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
        Path csr = folder.resolve(name + ".csr");
        openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
        if (signed) {
            openssl("x509", "-req", "-in", csr.toString(), "-CA", authority().toString(), "-CAkey",
                    folder.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-extfile", ext.toString(),
                    "-out", cert.toString());
        } else {
            openssl("x509", "-req", "-in", csr.toString(), "-signkey", key.toString(), "-days", "2", "-extfile",
                    ext.toString(), "-out", cert.toString());
        }
        return new ClusterAuth.Tls(cert, key, authority());
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
