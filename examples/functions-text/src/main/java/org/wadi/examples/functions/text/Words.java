package org.wadi.examples.functions.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Words: runs of letters or digits, with apostrophes inside ({@code it's}, {@code o'clock}), lower case. */
final class Words {

    private Words() {
    }

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < text.length()) {
                int c = text.codePointAt(i);
                boolean inner = (c == '\'' || c == '\u2019') && i + 1 < text.length()
                        && Character.isLetter(text.codePointAt(i + 1));
                if (!Character.isLetterOrDigit(c) && !inner) {
                    break;
                }
                i += Character.charCount(c);
            }
            words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
