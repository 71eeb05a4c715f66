package org.wadi.worker.internal.net;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * The wire form of a batch of rows of one edge, driven by the edge's schema.
 *
 * <p>Rows go column by column: for each column a header byte (its kind, and whether a null bitmap
 * follows), then its non-null values packed without tags — eight bytes a {@code BIGINT} or
 * {@code TIMESTAMP}, a one-byte length and UTF-8 a short string, a string repeated within the batch
 * only its number ({@link #STRING_DICT}) — so that encoding is a tight loop
 * per column chosen once per batch, not a type test per value. {@code STRUCT} and {@code LIST} columns are
 * written by a codec built once from their type. A column whose values are not of the classes its
 * type names ({@link org.wadi.spi.types.TypeId}) falls back, for that batch, to values each with a
 * one-byte tag, as do rows whose width differs from the schema; nothing is lost either way.
 *
 * <p>Thread-safe: one instance serves every channel of an edge.
 */
public final class RowCodec {

    // column kinds (low six bits of a column header)
    static final int LONG = 1;
    static final int INT = 2;
    static final int SHORT = 3;
    static final int BYTE = 4;
    static final int BOOLEAN = 5;
    static final int FLOAT = 6;
    static final int DOUBLE = 7;
    static final int STRING = 8;
    static final int BINARY = 9;
    static final int DECIMAL = 10;
    /** A STRUCT or LIST column, written by the column's {@link ValueCodec}. */
    static final int TYPED = 11;
    /** Every value with a tag (see {@link Tagged}); no bitmap. */
    static final int TAGGED = 12;
    /** Every value of the column is null; nothing follows. */
    static final int ALL_NULL = 13;
    /**
     * Strings of a batch of at least {@link #DICTIONARY_MIN_ROWS} rows, each written once: per value
     * a code, 0 for a string written in full next (it takes the next number, 1, 2, …), else the
     * number of the earlier string it repeats.
     */
    static final int STRING_DICT = 14;
    /** Batches smaller than this write their strings in full. */
    static final int DICTIONARY_MIN_ROWS = 16;
    /** Header flag: a bitmap of the null rows follows the header. */
    static final int HAS_NULLS = 0x80;

    private static final int COLUMNS = 0;
    private static final int RAGGED = 1;

    /** Per column of the schema: the kind it is written as. */
    private final int[] kinds;
    /** Per column: the codec of a {@link #TYPED} column, else {@code null}. */
    private final ValueCodec[] typed;

    private RowCodec(int[] kinds, ValueCodec[] typed) {
        this.kinds = kinds;
        this.typed = typed;
    }

    /** The codec of rows of {@code schema}; {@code null} (no schema) tags every value. */
    public static RowCodec of(Schema schema) {
        int n = schema == null ? 0 : schema.size();
        int[] kinds = new int[n];
        ValueCodec[] typed = new ValueCodec[n];
        for (int c = 0; c < n; c++) {
            DataType type = schema.field(c).type();
            kinds[c] = kindOf(type);
            if (kinds[c] == TYPED) {
                typed[c] = ValueCodec.of(type);
            }
        }
        return new RowCodec(kinds, typed);
    }

    static int kindOf(DataType type) {
        return switch (type.id()) {
            case BOOLEAN -> BOOLEAN;
            case INT8 -> BYTE;
            case INT16, UINT8 -> SHORT;
            case INT32, UINT16, DATE -> INT;
            case INT64, UINT32, UINT64, TIMESTAMP, TIME, INTERVAL -> LONG;
            case FLOAT32 -> FLOAT;
            case FLOAT64 -> DOUBLE;
            case DECIMAL -> DECIMAL;
            case UTF8, JSON -> STRING;
            case BINARY -> BINARY;
            case STRUCT, LIST -> TYPED;
        };
    }

    /** Appends rows {@code 0 … count-1} of {@code rows} to {@code out}. */
    public void encode(Object[][] rows, int count, ByteBuf out) {
        writeVarInt(out, count);
        if (count == 0) {
            return;
        }
        int width = rows[0].length;
        for (int r = 1; r < count; r++) {
            if (rows[r].length != width) {
                out.writeByte(RAGGED);
                for (int k = 0; k < count; k++) {
                    Object[] row = rows[k];
                    writeVarInt(out, row.length);
                    for (Object v : row) {
                        Tagged.write(out, v);
                    }
                }
                return;
            }
        }
        out.writeByte(COLUMNS);
        writeVarInt(out, width);
        boolean bySchema = width == kinds.length;
        for (int c = 0; c < width; c++) {
            int start = out.writerIndex();
            if (!bySchema || !writeColumn(rows, count, c, kinds[c], out)) {
                out.writerIndex(start);
                writeTaggedColumn(rows, count, c, out);
            }
        }
    }

    /**
     * Writes column {@code c} as {@code kind}; false (with part of it written) when a value is not
     * of the kind's class.
     */
    private boolean writeColumn(Object[][] rows, int count, int c, int kind, ByteBuf out) {
        int nulls = 0;
        for (int r = 0; r < count; r++) {
            if (rows[r][c] == null) {
                nulls++;
            }
        }
        if (nulls == count) {
            out.writeByte(ALL_NULL);
            return true;
        }
        if (kind == STRING && count >= DICTIONARY_MIN_ROWS) {
            kind = STRING_DICT;
        }
        if (nulls == 0) {
            out.writeByte(kind);
        } else {
            out.writeByte(kind | HAS_NULLS);
            for (int r = 0; r < count; r += 8) {
                int bits = 0;
                for (int k = 0; k < 8 && r + k < count; k++) {
                    if (rows[r + k][c] == null) {
                        bits |= 1 << k;
                    }
                }
                out.writeByte(bits);
            }
        }
        switch (kind) {
            case STRING_DICT -> {
                return writeStrings(rows, count, c, out);
            }
            case LONG -> {
                return writeLongs(rows, count, c, count - nulls, out);
            }
            case INT -> {
                for (int r = 0; r < count; r++) {
                    Object v = rows[r][c];
                    if (v instanceof Integer i) {
                        out.writeInt(i);
                    } else if (v != null) {
                        return false;
                    }
                }
            }
            case STRING -> {
                for (int r = 0; r < count; r++) {
                    Object v = rows[r][c];
                    if (v instanceof String s) {
                        writeString(out, s);
                    } else if (v != null) {
                        return false;
                    }
                }
            }
            case DOUBLE -> {
                for (int r = 0; r < count; r++) {
                    Object v = rows[r][c];
                    if (v instanceof Double d) {
                        out.writeDouble(d);
                    } else if (v != null) {
                        return false;
                    }
                }
            }
            case TYPED -> {
                ValueCodec codec = typed[c];
                try {
                    for (int r = 0; r < count; r++) {
                        Object v = rows[r][c];
                        if (v != null) {
                            codec.write(out, v);
                        }
                    }
                } catch (ValueCodec.Mismatch e) {
                    return false;
                }
            }
            default -> {
                ValueCodec codec = ValueCodec.scalar(kind);
                try {
                    for (int r = 0; r < count; r++) {
                        Object v = rows[r][c];
                        if (v != null) {
                            codec.write(out, v);
                        }
                    }
                } catch (ValueCodec.Mismatch e) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Writes a column of strings as {@link #STRING_DICT}: a string met before in the batch costs its
     * number rather than its bytes, on the wire and when it is read (the reader shares one String).
     * A column whose strings hardly repeat stops looking them up after a few dozen (its strings go
     * in full, one byte more each); false when a value is not a String.
     */
    private static boolean writeStrings(Object[][] rows, int count, int c, ByteBuf out) {
        int size = Integer.highestOneBit(Math.max(16, count) * 2 - 1) * 2;
        String[] keys = new String[size];
        int[] codes = new int[size];
        int mask = size - 1;
        int written = 0;
        int looked = 0;
        boolean lookUp = true;
        String previous = null;
        int previousCode = 0;
        for (int r = 0; r < count; r++) {
            Object v = rows[r][c];
            if (v == null) {
                continue;
            }
            if (!(v instanceof String s)) {
                return false;
            }
            if (s == previous) {
                writeVarInt(out, previousCode);
                continue;
            }
            int code = 0;
            int slot = -1;
            if (lookUp) {
                slot = (s.hashCode() * 0x9E3779B9) >>> 16 & mask;
                while (keys[slot] != null) {
                    if (keys[slot].equals(s)) {
                        code = codes[slot];
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                looked++;
            }
            if (code != 0) {
                writeVarInt(out, code);
            } else {
                out.writeByte(0);
                writeString(out, s);
                code = ++written;
                if (lookUp) {
                    keys[slot] = s;
                    codes[slot] = code;
                }
            }
            if (lookUp && looked == 64 && written > 48) {
                // hardly any repeats among the first strings: the rest go in full without looking up
                lookUp = false;
            }
            previous = s;
            previousCode = code;
        }
        return true;
    }

    private static void writeTaggedColumn(Object[][] rows, int count, int c, ByteBuf out) {
        out.writeByte(TAGGED);
        for (int r = 0; r < count; r++) {
            Tagged.write(out, rows[r][c]);
        }
    }

    /**
     * Reads one batch written by {@link #encode}: an array of exactly as many rows as were written.
     *
     * @throws IllegalArgumentException if the bytes are not a batch of this codec's rows
     */
    public Object[][] decode(ByteBuf in) {
        int count = readVarInt(in);
        if (count == 0) {
            return new Object[0][];
        }
        int mode = in.readByte();
        if (mode == RAGGED) {
            Object[][] rows = new Object[count][];
            for (int r = 0; r < count; r++) {
                Object[] row = new Object[readVarInt(in)];
                for (int c = 0; c < row.length; c++) {
                    row[c] = Tagged.read(in);
                }
                rows[r] = row;
            }
            return rows;
        }
        if (mode != COLUMNS) {
            throw new IllegalArgumentException("unknown batch layout " + mode);
        }
        int width = readVarInt(in);
        Object[][] rows = new Object[count][width];
        for (int c = 0; c < width; c++) {
            readColumn(in, rows, count, c);
        }
        return rows;
    }

    private void readColumn(ByteBuf in, Object[][] rows, int count, int c) {
        int header = in.readUnsignedByte();
        int kind = header & 0x3f;
        if (kind == ALL_NULL) {
            return;
        }
        if (kind == TAGGED) {
            for (int r = 0; r < count; r++) {
                rows[r][c] = Tagged.read(in);
            }
            return;
        }
        // null rows: bit (r % 8) of byte (r / 8) of the bitmap, read in place
        int bitmap = -1;
        if ((header & HAS_NULLS) != 0) {
            bitmap = in.readerIndex();
            in.skipBytes((count + 7) >>> 3);
        }
        switch (kind) {
            case STRING_DICT -> readStrings(in, rows, count, c, bitmap);
            case LONG -> readLongs(in, rows, count, c, bitmap);
            case INT -> {
                for (int r = 0; r < count; r++) {
                    if (bitmap < 0 || !isNull(in, bitmap, r)) {
                        rows[r][c] = in.readInt();
                    }
                }
            }
            case STRING -> {
                // the bytes of each string are copied out of the (direct) buffer through one array
                byte[] scratch = new byte[256];
                for (int r = 0; r < count; r++) {
                    if (bitmap < 0 || !isNull(in, bitmap, r)) {
                        int n = in.readUnsignedByte();
                        if (n == 0xff) {
                            n = checkLength(in, in.readInt());
                        }
                        if (n > scratch.length) {
                            scratch = new byte[Math.max(n, scratch.length * 2)];
                        }
                        in.readBytes(scratch, 0, n);
                        rows[r][c] = new String(scratch, 0, n, StandardCharsets.UTF_8);
                    }
                }
            }
            case DOUBLE -> {
                for (int r = 0; r < count; r++) {
                    if (bitmap < 0 || !isNull(in, bitmap, r)) {
                        rows[r][c] = in.readDouble();
                    }
                }
            }
            default -> {
                ValueCodec codec;
                if (kind == TYPED) {
                    codec = c < typed.length ? typed[c] : null;
                    if (codec == null) {
                        throw new IllegalArgumentException("column " + c + " is written as a STRUCT or LIST, which its"
                                + " schema does not say");
                    }
                } else {
                    codec = ValueCodec.scalar(kind);
                }
                for (int r = 0; r < count; r++) {
                    if (bitmap < 0 || !isNull(in, bitmap, r)) {
                        rows[r][c] = codec.read(in);
                    }
                }
            }
        }
    }

    /**
     * Writes the {@code values} non-null longs of column {@code c}, through one view of the buffer's
     * memory where it has one (a buffer's own writes check its reference count at every value);
     * false when a value is not a Long.
     */
    private static boolean writeLongs(Object[][] rows, int count, int c, int values, ByteBuf out) {
        int at = out.writerIndex();
        out.ensureWritable(values * 8);
        if (out.nioBufferCount() != 1) {
            for (int r = 0; r < count; r++) {
                Object v = rows[r][c];
                if (v instanceof Long l) {
                    out.writeLong(l);
                } else if (v != null) {
                    return false;
                }
            }
            return true;
        }
        ByteBuffer view = out.nioBuffer(at, values * 8);
        int i = 0;
        for (int r = 0; r < count; r++) {
            Object v = rows[r][c];
            if (v instanceof Long l) {
                view.putLong(i, l);
                i += 8;
            } else if (v != null) {
                return false;
            }
        }
        out.writerIndex(at + i);
        return true;
    }

    /** Reads a column of longs, through one view of the buffer's memory where it has one. */
    private static void readLongs(ByteBuf in, Object[][] rows, int count, int c, int bitmap) {
        if (in.nioBufferCount() != 1) {
            for (int r = 0; r < count; r++) {
                if (bitmap < 0 || !isNull(in, bitmap, r)) {
                    rows[r][c] = in.readLong();
                }
            }
            return;
        }
        // big-endian, as the buffer's own reads; past the end it throws as they do
        ByteBuffer view = in.nioBuffer(in.readerIndex(), in.readableBytes());
        int i = 0;
        for (int r = 0; r < count; r++) {
            if (bitmap < 0 || !isNull(in, bitmap, r)) {
                rows[r][c] = view.getLong(i);
                i += 8;
            }
        }
        in.skipBytes(i);
    }

    /** Reads a {@link #STRING_DICT} column: a repeated string is the same String as its first. */
    private static void readStrings(ByteBuf in, Object[][] rows, int count, int c, int bitmap) {
        String[] met = new String[count];
        int written = 0;
        // the bytes of each string are copied out of the (direct) buffer through one array
        byte[] scratch = new byte[256];
        for (int r = 0; r < count; r++) {
            if (bitmap >= 0 && isNull(in, bitmap, r)) {
                continue;
            }
            int code = readVarInt(in);
            if (code == 0) {
                int n = in.readUnsignedByte();
                if (n == 0xff) {
                    n = checkLength(in, in.readInt());
                }
                if (n > scratch.length) {
                    scratch = new byte[Math.max(n, scratch.length * 2)];
                }
                in.readBytes(scratch, 0, n);
                String s = new String(scratch, 0, n, StandardCharsets.UTF_8);
                met[written++] = s;
                rows[r][c] = s;
            } else if (code <= written) {
                rows[r][c] = met[code - 1];
            } else {
                throw new IllegalArgumentException("string " + code + " of a column is named before " + written
                        + " strings were written");
            }
        }
    }

    private static boolean isNull(ByteBuf in, int bitmap, int r) {
        return (in.getByte(bitmap + (r >>> 3)) & (1 << (r & 7))) != 0;
    }

    // ---- primitives shared by the codecs ---------------------------------------------------------

    static void writeVarInt(ByteBuf out, int v) {
        while ((v & ~0x7f) != 0) {
            out.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    static int readVarInt(ByteBuf in) {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readByte();
            v |= (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("malformed length");
    }

    /**
     * A string as its UTF-8 length and bytes: a length below 255 in one byte, a longer one as
     * {@code 0xff} and four bytes. ({@link String#getBytes} is an intrinsic copy for ASCII text,
     * measured faster here than encoding into the buffer char by char.)
     */
    static void writeString(ByteBuf out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 0xff) {
            out.writeByte(b.length);
        } else {
            out.writeByte(0xff);
            out.writeInt(b.length);
        }
        out.writeBytes(b);
    }

    static String readString(ByteBuf in) {
        int n = in.readUnsignedByte();
        if (n == 0xff) {
            n = in.readInt();
        }
        String s = in.toString(in.readerIndex(), checkLength(in, n), StandardCharsets.UTF_8);
        in.skipBytes(n);
        return s;
    }

    /** {@code n}, if that many bytes follow: a corrupt length fails here rather than allocating. */
    static int checkLength(ByteBuf in, int n) {
        if (n < 0 || n > in.readableBytes()) {
            throw new IllegalArgumentException("a length of " + n + " bytes where " + in.readableBytes() + " are left");
        }
        return n;
    }

    static void writeBytes(ByteBuf out, byte[] b) {
        writeVarInt(out, b.length);
        out.writeBytes(b);
    }

    static byte[] readBytes(ByteBuf in) {
        byte[] b = new byte[checkLength(in, readVarInt(in))];
        in.readBytes(b);
        return b;
    }

    static void writeDecimal(ByteBuf out, BigDecimal d) {
        out.writeInt(d.scale());
        writeBytes(out, d.unscaledValue().toByteArray());
    }

    static BigDecimal readDecimal(ByteBuf in) {
        int scale = in.readInt();
        return new BigDecimal(new BigInteger(readBytes(in)), scale);
    }

    /**
     * Writes and reads one non-null value of a type without a tag. Built once per column type;
     * {@link #write} throws {@link Mismatch} when the value is not of the type's class, so that the
     * column can be written tagged instead.
     */
    abstract static class ValueCodec {

        /** A value not of the class its type names; thrown without a stack, caught by the column writer. */
        static final class Mismatch extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Mismatch() {
                super("value of another class than its type names", null, false, false);
            }
        }

        static final Mismatch MISMATCH = new Mismatch();

        private static final ValueCodec[] SCALARS = new ValueCodec[TAGGED];

        static {
            for (int kind = LONG; kind <= DECIMAL; kind++) {
                SCALARS[kind] = new Scalar(kind);
            }
        }

        abstract void write(ByteBuf out, Object v);

        abstract Object read(ByteBuf in);

        static ValueCodec scalar(int kind) {
            if (kind < LONG || kind > DECIMAL) {
                throw new IllegalArgumentException("unknown column kind " + kind);
            }
            return SCALARS[kind];
        }

        static ValueCodec of(DataType type) {
            return switch (type.id()) {
                case STRUCT -> {
                    List<Field> fields = type.fields();
                    ValueCodec[] codecs = new ValueCodec[fields.size()];
                    for (int i = 0; i < codecs.length; i++) {
                        codecs[i] = of(fields.get(i).type());
                    }
                    yield new Struct(codecs);
                }
                case LIST -> new ListOf(of(type.element()));
                default -> scalar(kindOf(type));
            };
        }
    }

    /** A scalar value of one column kind. */
    private static final class Scalar extends ValueCodec {
        private final int kind;

        Scalar(int kind) {
            this.kind = kind;
        }

        @Override
        void write(ByteBuf out, Object v) {
            switch (kind) {
                case LONG -> out.writeLong(((Long) check(v, Long.class)).longValue());
                case INT -> out.writeInt(((Integer) check(v, Integer.class)).intValue());
                case SHORT -> out.writeShort(((Short) check(v, Short.class)).shortValue());
                case BYTE -> out.writeByte(((Byte) check(v, Byte.class)).byteValue());
                case BOOLEAN -> out.writeBoolean(((Boolean) check(v, Boolean.class)).booleanValue());
                case FLOAT -> out.writeFloat(((Float) check(v, Float.class)).floatValue());
                case DOUBLE -> out.writeDouble(((Double) check(v, Double.class)).doubleValue());
                case STRING -> writeString(out, (String) check(v, String.class));
                case BINARY -> writeBytes(out, (byte[]) check(v, byte[].class));
                case DECIMAL -> writeDecimal(out, (BigDecimal) check(v, BigDecimal.class));
                default -> throw new IllegalStateException("kind " + kind);
            }
        }

        @Override
        Object read(ByteBuf in) {
            return switch (kind) {
                case LONG -> in.readLong();
                case INT -> in.readInt();
                case SHORT -> in.readShort();
                case BYTE -> in.readByte();
                case BOOLEAN -> in.readBoolean();
                case FLOAT -> in.readFloat();
                case DOUBLE -> in.readDouble();
                case STRING -> readString(in);
                case BINARY -> readBytes(in);
                case DECIMAL -> readDecimal(in);
                default -> throw new IllegalStateException("kind " + kind);
            };
        }

        private static Object check(Object v, Class<?> type) {
            if (v.getClass() != type) {
                throw MISMATCH;
            }
            return v;
        }
    }

    /** A STRUCT as an {@code Object[]} of its fields, each with a presence byte. */
    private static final class Struct extends ValueCodec {
        private final ValueCodec[] fields;

        Struct(ValueCodec[] fields) {
            this.fields = fields;
        }

        @Override
        void write(ByteBuf out, Object v) {
            if (!(v instanceof Object[] values) || values.length != fields.length) {
                throw MISMATCH;
            }
            for (int i = 0; i < fields.length; i++) {
                if (values[i] == null) {
                    out.writeByte(0);
                } else {
                    out.writeByte(1);
                    fields[i].write(out, values[i]);
                }
            }
        }

        @Override
        Object read(ByteBuf in) {
            Object[] values = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                if (in.readByte() != 0) {
                    values[i] = fields[i].read(in);
                }
            }
            return values;
        }
    }

    /** A LIST as its size and its elements, each with a presence byte. */
    private static final class ListOf extends ValueCodec {
        private final ValueCodec element;

        ListOf(ValueCodec element) {
            this.element = element;
        }

        @Override
        void write(ByteBuf out, Object v) {
            if (!(v instanceof List<?> list)) {
                throw MISMATCH;
            }
            writeVarInt(out, list.size());
            for (Object e : list) {
                if (e == null) {
                    out.writeByte(0);
                } else {
                    out.writeByte(1);
                    element.write(out, e);
                }
            }
        }

        @Override
        Object read(ByteBuf in) {
            int n = readVarInt(in);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(in.readByte() == 0 ? null : element.read(in));
            }
            return list;
        }
    }

    /** Any Wadi value, nested ones included, each with a one-byte tag saying its class. */
    static final class Tagged {

        private static final int NULL = 0;
        private static final int STRUCT = 20;
        private static final int LIST = 21;

        private Tagged() {
        }

        static void write(ByteBuf out, Object v) {
            if (v == null) {
                out.writeByte(NULL);
            } else if (v instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else if (v instanceof Integer i) {
                out.writeByte(INT);
                out.writeInt(i);
            } else if (v instanceof String s) {
                out.writeByte(RowCodec.STRING);
                writeString(out, s);
            } else if (v instanceof Object[] fields) {
                out.writeByte(STRUCT);
                writeVarInt(out, fields.length);
                for (Object f : fields) {
                    write(out, f);
                }
            } else if (v instanceof List<?> list) {
                out.writeByte(LIST);
                writeVarInt(out, list.size());
                for (Object e : list) {
                    write(out, e);
                }
            } else {
                int kind = v instanceof Double ? DOUBLE : v instanceof Boolean ? BOOLEAN : v instanceof Short ? SHORT
                        : v instanceof Byte ? BYTE : v instanceof Float ? FLOAT : v instanceof BigDecimal ? DECIMAL
                        : v instanceof byte[] ? BINARY : -1;
                if (kind < 0) {
                    throw new IllegalArgumentException("cannot send a value of " + v.getClass().getName()
                            + " to another worker: not a Wadi value type");
                }
                out.writeByte(kind);
                ValueCodec.scalar(kind).write(out, v);
            }
        }

        static Object read(ByteBuf in) {
            int tag = in.readByte();
            switch (tag) {
                case NULL:
                    return null;
                case STRUCT: {
                    Object[] fields = new Object[readVarInt(in)];
                    for (int i = 0; i < fields.length; i++) {
                        fields[i] = read(in);
                    }
                    return fields;
                }
                case LIST: {
                    int n = readVarInt(in);
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(read(in));
                    }
                    return list;
                }
                default:
                    return ValueCodec.scalar(tag).read(in);
            }
        }
    }
}
