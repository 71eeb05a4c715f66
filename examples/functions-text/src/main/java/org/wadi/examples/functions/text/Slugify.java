package org.wadi.examples.functions.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.function.ScalarFunction;
import org.wadi.spi.types.DataType;

/**
 * {@code slugify(TEXT) → TEXT}: a URL-friendly form of a title: accents removed, lower case, runs of
 * anything but letters and digits turned into one hyphen, no hyphen at either end
 * ({@code 'Crème Brûlée: 2 ways!'} → {@code 'creme-brulee-2-ways'}).
 */
@Component(service = ScalarFunction.class)
public final class Slugify implements ScalarFunction {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");

    private static final FunctionSignature SIGNATURE = FunctionSignature.of("slugify", DataType.UTF8, DataType.UTF8);

    @Override
    public FunctionSignature signature() {
        return SIGNATURE;
    }

    @Override
    public Object invoke(Object[] arguments) {
        return slugify((String) arguments[0]);
    }

    static String slugify(String text) {
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        String slug = SEPARATORS.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("-");
        int start = slug.startsWith("-") ? 1 : 0;
        int end = slug.endsWith("-") && slug.length() > start ? slug.length() - 1 : slug.length();
        return slug.substring(start, Math.max(start, end));
    }
}
