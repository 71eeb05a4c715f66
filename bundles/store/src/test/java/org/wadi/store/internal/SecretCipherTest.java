package org.wadi.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsAndBindsTheValueToItsOwnerAndKey() {
        SecretCipher c = SecretCipher.random();
        String a = c.encrypt("cp_1", "password", "s3cret");
        String b = c.encrypt("cp_1", "password", "s3cret");
        assertTrue(a.startsWith(SecretCipher.PREFIX) && !a.contains("s3cret"), a);
        assertNotEquals(a, b, "a fresh nonce for every value");
        assertEquals("s3cret", c.decrypt("cp_1", "password", a));
        assertThrows(IllegalStateException.class, () -> c.decrypt("cp_2", "password", a));
        assertThrows(IllegalStateException.class, () -> c.decrypt("cp_1", "token", a));
        assertThrows(IllegalStateException.class, () -> SecretCipher.random().decrypt("cp_1", "password", a));
    }

    @Test
    void generatesAnOwnerOnlyKeyFileOnceAndReusesIt() throws Exception {
        SecretCipher first = SecretCipher.load("", k -> null, dir);
        Path file = dir.resolve(SecretCipher.KEY_FILE);
        assertTrue(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(file).trim()).length);
        String stored = first.encrypt("ct_1", "token", "abc");
        // a restart reads the same key
        assertEquals("abc", SecretCipher.load(null, k -> null, dir).decrypt("ct_1", "token", stored));
    }

    @Test
    void theEnvironmentOverridesTheConfiguredKey() {
        byte[] envKey = new byte[32];
        envKey[0] = 7;
        byte[] cfgKey = new byte[32];
        String env = Base64.getEncoder().encodeToString(envKey);
        String cfg = Base64.getEncoder().encodeToString(cfgKey);
        String stored = new SecretCipher(envKey).encrypt("o", "k", "v");
        SecretCipher loaded = SecretCipher.load(cfg, Map.of("WADI_SECRET_KEY", env)::get, dir);
        assertEquals("v", loaded.decrypt("o", "k", stored));
        assertFalse(Files.exists(dir.resolve(SecretCipher.KEY_FILE)), "no file when a key is configured");
        assertArrayEquals(cfgKey, Base64.getDecoder().decode(cfg));
    }

    @Test
    void aBadKeyIsRefusedWithoutEchoingIt() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> SecretCipher.load(Base64.getEncoder().encodeToString(new byte[16]), k -> null, dir));
        assertTrue(shortKey.getMessage().contains("32 bytes") && shortKey.getMessage().contains("16"),
                shortKey.getMessage());
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> SecretCipher.load("not base64 at all!!", k -> null, dir));
        assertTrue(notBase64.getMessage().contains("secret.key"), notBase64.getMessage());
        assertFalse(notBase64.getMessage().contains("not base64 at all"), notBase64.getMessage());
    }
}
