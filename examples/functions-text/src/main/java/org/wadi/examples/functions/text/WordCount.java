package org.wadi.examples.functions.text;

import org.osgi.service.component.annotations.Component;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.function.ScalarFunction;
import org.wadi.spi.types.DataType;

/** {@code word_count(TEXT) → BIGINT}: the number of words (runs of letters or digits) in a text. */
@Component(service = ScalarFunction.class)
public final class WordCount implements ScalarFunction {

    private static final FunctionSignature SIGNATURE = FunctionSignature.of("word_count", DataType.INT64,
            DataType.UTF8);

    @Override
    public FunctionSignature signature() {
        return SIGNATURE;
    }

    @Override
    public Object invoke(Object[] arguments) {
        return Words.split((String) arguments[0]).size() * 1L;
    }
}
