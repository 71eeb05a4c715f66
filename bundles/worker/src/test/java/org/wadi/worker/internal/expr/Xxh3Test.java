package org.wadi.worker.internal.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * XXH3-128 against the reference implementation (xxHash 0.8, as python-xxhash's
 * {@code xxh3_128_hexdigest}), for inputs of every length class the algorithm treats apart.
 */
class Xxh3Test {

    /** Length → digest of the bytes {@code (31 i + 7) mod 256}. */
    private static final Map<Integer, String> REFERENCE = Map.ofEntries(
            Map.entry(0, "99aa06d3014798d86001c324468d497f"),
            Map.entry(1, "495b62073ef70ca44c5cca45d0f4811f"),
            Map.entry(2, "12b2847aa0de5aaaa7e250c97710ff27"),
            Map.entry(3, "46f66cb93538156515f7093b173d005c"),
            Map.entry(4, "7fefeeffb4d0eab3b987ca5d9241572a"),
            Map.entry(5, "2fbb16712b4bf1d5752a86982353f4f3"),
            Map.entry(8, "803c675a846cc6c256bb836ceb6d4baa"),
            Map.entry(9, "d46556872d230f224376673580310154"),
            Map.entry(16, "650fe308c566747df853dd94614dfa07"),
            Map.entry(17, "18217300b5132d5a78c349fe81b2f26c"),
            Map.entry(32, "3220ff5fe507b3c05726e079716c6a62"),
            Map.entry(33, "91a4c56ad1b91d883b25275300c8b44e"),
            Map.entry(64, "f9bfa77da0891a9636c5f7e547426bc4"),
            Map.entry(65, "5642c5d38e6e787dd0d1d7884590a330"),
            Map.entry(96, "59861d1adb3e51a263451be079edd707"),
            Map.entry(97, "0912f66857975b13fa4138b7dc44e45b"),
            Map.entry(128, "b4f87b99d2db8a511e04fad9f0cacb4d"),
            Map.entry(129, "6881633650cd8924c51bc887976aef63"),
            Map.entry(200, "8d8629a1aef9ef9060ea018811f9a437"),
            Map.entry(240, "de57aab31e77a2ff93e173833f75ab66"),
            Map.entry(241, "92b991a7192f3f080b3b630948ce4a00"),
            Map.entry(500, "d5e1aac34f44cd16e1e3ce93f69c5043"),
            Map.entry(1024, "4c17271c906df79223bc880ebf0d29c6"),
            Map.entry(1025, "70a4eb1b9691d77fc09fdfbc398c7d82"),
            Map.entry(2048, "b318976b177a38c719f6f9c987331373"),
            Map.entry(5000, "3bf60aa89c7feeaa559fff92c2b7f8ee"));

    @Test
    void matchesTheReferenceImplementation() {
        for (Map.Entry<Integer, String> e : REFERENCE.entrySet()) {
            int n = e.getKey();
            byte[] input = new byte[n + 3];
            for (int i = 0; i < n; i++) {
                input[i] = (byte) (31 * i + 7);
            }
            // bytes past the length must not count
            input[n] = 1;
            assertEquals(e.getValue(), Sql.hex(Xxh3.hash128(input, n)), "length " + n);
        }
    }
}
