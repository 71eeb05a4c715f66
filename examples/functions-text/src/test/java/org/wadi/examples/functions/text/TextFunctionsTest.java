package org.wadi.examples.functions.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TextFunctionsTest {

    @Test
    void slugifyMakesUrlFriendlyText() throws Exception {
        Slugify f = new Slugify();
        assertEquals("creme-brulee-2-ways", f.invoke(new Object[] {"Crème Brûlée: 2 ways!"}));
        assertEquals("hello-world", f.invoke(new Object[] {"  --Hello,   World--  "}));
        assertEquals("", f.invoke(new Object[] {"!!!"}));
        assertEquals("slugify(TEXT) → TEXT", f.signature().toString());
    }

    @Test
    void wordCountCountsRunsOfLettersAndDigits() throws Exception {
        WordCount f = new WordCount();
        assertEquals(3L, f.invoke(new Object[] {"It's 2 o'clock"}));
        assertEquals(2L, f.invoke(new Object[] {"rock 'n"}));
        assertEquals(0L, f.invoke(new Object[] {" ... "}));
    }

    @Test
    void distinctWordsMergesAndSurvivesACheckpoint() {
        DistinctWords f = new DistinctWords();
        TreeSet<String> a = f.add(f.add(f.create(), "the cat"), "The dog");
        TreeSet<String> b = f.add(f.create(), "a cat, a bird");
        assertEquals(3L, f.result(a));
        TreeSet<String> restored = f.deserialize(f.serialize(f.merge(a, b)));
        assertEquals(5L, f.result(restored));
        assertEquals(new TreeSet<>(java.util.List.of("a", "bird", "cat", "dog", "the")), restored);
    }
}
