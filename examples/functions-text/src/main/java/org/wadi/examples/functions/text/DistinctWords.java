package org.wadi.examples.functions.text;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Component;
import org.wadi.spi.function.AggregateFunction;
import org.wadi.spi.function.FunctionSignature;
import org.wadi.spi.types.DataType;

/**
 * {@code distinct_words(TEXT) → BIGINT}: how many different words (case-insensitively) the texts of
 * a group hold: the vocabulary of a window of messages. The accumulator is the set of words seen,
 * checkpointed as a count and the words.
 */
@Component(service = AggregateFunction.class)
public final class DistinctWords implements AggregateFunction<TreeSet<String>> {

    private static final FunctionSignature SIGNATURE = FunctionSignature.of("distinct_words", DataType.INT64,
            DataType.UTF8);

    @Override
    public FunctionSignature signature() {
        return SIGNATURE;
    }

    @Override
    public TreeSet<String> create() {
        return new TreeSet<>();
    }

    @Override
    public TreeSet<String> add(TreeSet<String> words, Object value) {
        words.addAll(Words.split((String) value));
        return words;
    }

    @Override
    public TreeSet<String> merge(TreeSet<String> into, TreeSet<String> other) {
        into.addAll(other);
        return into;
    }

    @Override
    public Object result(TreeSet<String> words) {
        return (long) words.size();
    }

    @Override
    public byte[] serialize(TreeSet<String> words) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(words.size());
            for (String w : words) {
                out.writeUTF(w);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public TreeSet<String> deserialize(byte[] bytes) {
        TreeSet<String> words = new TreeSet<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                words.add(in.readUTF());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a distinct_words accumulator: " + e.getMessage(), e);
        }
        return words;
    }
}
