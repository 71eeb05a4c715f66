package org.wadi.api.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the API, used by its message body provider, the output stream and
 * the tests. Field names are snake_case, as in Arroyo's current API ({@code checkpoint_interval_micros},
 * {@code created_at}), except where a DTO names a field explicitly (the pagination flag
 * {@code hasMore}); request bodies also accept the camelCase spellings of older Arroyo clients.
 * {@code null}s are written (Jackson's default inclusion), as Arroyo writes them.
 *
 * <p>Request bodies are read within {@link #READ_LIMITS}: no body of the API nests deeper than a
 * handful of levels or carries a number of more than a few dozen digits, so deeper or longer input
 * is refused (400) before it costs the server time or stack. Text holding the NUL character
 * ({@code \u0000}) is refused as it is read, in values and in object keys: nothing the API stores
 * can hold it (PostgreSQL refuses it in text).
 */
public final class ApiJson {

    /** The deepest nesting of objects and arrays a request body may have. */
    static final int MAX_NESTING_DEPTH = 64;
    /** The most characters of one number in a request body. */
    static final int MAX_NUMBER_LENGTH = 100;
    static final StreamReadConstraints READ_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .build();

    private ApiJson() {
    }

    /** Jackson's reading of text, refusing the NUL character. */
    static final class NulFreeStringDeserializer extends StringDeserializer {

        private static final long serialVersionUID = 1L;

        @Override
        public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
            return check(super.deserialize(p, context), context);
        }

        static String check(String text, DeserializationContext context) throws IOException {
            if (text != null && text.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(context.getParser(),
                        "text must not contain the NUL character (\\u0000)", text, String.class);
            }
            return text;
        }
    }

    public static ObjectMapper newMapper() {
        SimpleModule noNul = new SimpleModule("wadi-no-nul-text")
                .addDeserializer(String.class, new NulFreeStringDeserializer())
                .addKeyDeserializer(String.class, new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String key, DeserializationContext context) throws IOException {
                        return NulFreeStringDeserializer.check(key, context);
                    }
                });
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(READ_LIMITS).build())
                .addModule(noNul)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                // Arroyo's clients send fields we do not model; ignoring them keeps those clients working
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // strict scalars, as Arroyo's: "parallelism": "4" or 1.5 is an error, not a guess
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }
}
