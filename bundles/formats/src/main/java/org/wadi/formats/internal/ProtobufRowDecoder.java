package org.wadi.formats.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wadi.formats.ConfluentFraming;
import org.wadi.formats.ProtobufFormat;
import org.wadi.formats.RowDecoder;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;

/**
 * {@code format = 'protobuf'}: each payload parsed as a {@link DynamicMessage} of the configured
 * message type from the compiled schema, its fields matched to columns by name. Fields without
 * presence that are unset give their default, as in proto3; absent message fields give NULL.
 * Enums give their name (TEXT columns) or number; {@code google.protobuf.Timestamp} fills
 * TIMESTAMP columns; other messages fill STRUCT columns or JSON columns (as JSON objects).
 */
public final class ProtobufRowDecoder implements RowDecoder {

    private final Schema columns;
    private final ProtobufFormat format;
    private final Descriptor message;
    private final FieldDescriptor[] fields;

    public ProtobufRowDecoder(Schema columns, ProtobufFormat format) throws ConnectorException {
        this.columns = columns;
        this.format = format;
        this.message = descriptor(format.compiledSchema(), format.messageName());
        this.fields = new FieldDescriptor[columns.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = message.findFieldByName(columns.field(i).name());
        }
    }

    /** The message type named {@code name} in a {@code FileDescriptorSet}. */
    static Descriptor descriptor(byte[] set, String name) throws ConnectorException {
        Map<String, FileDescriptorProto> protos = new HashMap<>();
        try {
            for (FileDescriptorProto p : FileDescriptorSet.parseFrom(set).getFileList()) {
                protos.put(p.getName(), p);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new ConnectorException("Invalid value for option '" + ProtobufFormat.COMPILED_SCHEMA
                    + "': not a FileDescriptorSet (" + e.getMessage() + ")");
        }
        Map<String, FileDescriptor> built = new HashMap<>();
        List<String> known = new ArrayList<>();
        for (String file : protos.keySet()) {
            FileDescriptor fd = build(file, protos, built);
            for (Descriptor d : fd.getMessageTypes()) {
                Descriptor found = find(d, name, known);
                if (found != null) {
                    return found;
                }
            }
        }
        throw new ConnectorException("Invalid value '" + name + "' for option '" + ProtobufFormat.MESSAGE_NAME
                + "': the compiled schema has no such message; it has " + known);
    }

    private static Descriptor find(Descriptor d, String name, List<String> known) {
        known.add(d.getFullName());
        if (d.getFullName().equals(name)) {
            return d;
        }
        for (Descriptor nested : d.getNestedTypes()) {
            Descriptor found = find(nested, name, known);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static FileDescriptor build(String file, Map<String, FileDescriptorProto> protos,
            Map<String, FileDescriptor> built) throws ConnectorException {
        FileDescriptor fd = built.get(file);
        if (fd != null) {
            return fd;
        }
        FileDescriptorProto proto = protos.get(file);
        if (proto == null) {
            throw new ConnectorException("Invalid value for option '" + ProtobufFormat.COMPILED_SCHEMA
                    + "': it lacks the imported file '" + file + "' (compile with --include_imports)");
        }
        List<FileDescriptor> deps = new ArrayList<>();
        for (String dep : proto.getDependencyList()) {
            deps.add(build(dep, protos, built));
        }
        try {
            fd = FileDescriptor.buildFrom(proto, deps.toArray(new FileDescriptor[0]));
        } catch (DescriptorValidationException e) {
            throw new ConnectorException("Invalid value for option '" + ProtobufFormat.COMPILED_SCHEMA + "': "
                    + e.getMessage());
        }
        built.put(file, fd);
        return fd;
    }

    @Override
    public Schema schema() {
        return columns;
    }

    @Override
    public void decode(byte[] record, Rows out) throws ConnectorException {
        try {
            int offset = 0;
            if (format.confluentSchemaRegistry()) {
                offset = ConfluentFraming.skipMessageIndexes(record)[0];
            }
            CodedInputStream in = CodedInputStream.newInstance(record, offset, record.length - offset);
            DynamicMessage m;
            if (format.lengthDelimited()) {
                int length = in.readRawVarint32();
                if (length < 0 || length > record.length - offset) {
                    throw new ConnectorException("Invalid Protobuf record: length prefix " + length + " but "
                            + (record.length - offset) + " bytes");
                }
                int limit = in.pushLimit(length);
                m = DynamicMessage.parseFrom(message, in);
                in.popLimit(limit);
            } else {
                m = DynamicMessage.parseFrom(message, in);
            }
            out.row(-1, format.intoUnstructuredJson() ? new Object[] {json(m, null, false).toString()} : row(m));
        } catch (IOException e) {
            throw new ConnectorException("Invalid Protobuf record for message " + message.getFullName() + ": "
                    + e.getMessage());
        }
    }

    private Object[] row(Message m) throws ConnectorException {
        Object[] out = new Object[fields.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = field(m, fields[i], columns.field(i), columns.field(i).name());
        }
        return out;
    }

    private static Object field(Message m, FieldDescriptor f, Field column, String path) throws ConnectorException {
        Object v = null;
        if (f != null && (f.isRepeated() || !f.hasPresence() || m.hasField(f))) {
            v = m.getField(f);
        }
        if (v == null) {
            if (!column.nullable()) {
                throw new ConnectorException("Invalid Protobuf record: field '" + path + "' is "
                        + (f == null ? "not in the message" : "not set") + " but the column is NOT NULL");
            }
            return null;
        }
        try {
            return value(v, f, column.type(), path, f.isRepeated());
        } catch (ClassCastException | ArithmeticException | NumberFormatException e) {
            throw new ConnectorException("Invalid Protobuf record: field '" + path + "' of type " + f.getType()
                    + " cannot fill a column of type " + column.type());
        }
    }

    private static Object value(Object v, FieldDescriptor f, DataType t, String path, boolean repeated)
            throws ConnectorException {
        if (repeated) {
            List<?> items = (List<?>) v;
            if (t.id() == org.wadi.spi.types.TypeId.JSON) {
                return json(v, f, true).toString();
            }
            if (t.id() != org.wadi.spi.types.TypeId.LIST) {
                throw new ConnectorException("Invalid Protobuf record: field '" + path + "' is repeated but its column is "
                        + t);
            }
            List<Object> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(value(items.get(i), f, t.element(), path + "[" + i + "]", false));
            }
            return out;
        }
        switch (t.id()) {
            case BOOLEAN:
                return (Boolean) v;
            case INT8:
                return (byte) Math.toIntExact(integer(v, f));
            case INT16:
                return (short) Math.toIntExact(integer(v, f));
            case INT32:
                return Math.toIntExact(integer(v, f));
            case INT64:
            case UINT64:
            case UINT32:
            case INTERVAL:
                return integer(v, f);
            case UINT8:
                return (short) integer(v, f);
            case UINT16:
                return (int) integer(v, f);
            case FLOAT32:
                return ((Number) v).floatValue();
            case FLOAT64:
                return ((Number) v).doubleValue();
            case DECIMAL:
                return new BigDecimal(v instanceof Number ? v.toString() : (String) v).setScale(t.scale(),
                        RoundingMode.HALF_UP);
            case UTF8:
                if (v instanceof EnumValueDescriptor e) {
                    return e.getName();
                }
                if (v instanceof Message) {
                    return json(v, f, false).toString();
                }
                return v.toString();
            case JSON:
                return json(v, f, false).toString();
            case BINARY:
                return ((ByteString) v).toByteArray();
            case TIMESTAMP: {
                if (v instanceof Message ts && ts.getDescriptorForType().getFullName().equals("google.protobuf.Timestamp")) {
                    Descriptor d = ts.getDescriptorForType();
                    long seconds = (Long) ts.getField(d.findFieldByName("seconds"));
                    int nanos = (Integer) ts.getField(d.findFieldByName("nanos"));
                    return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
                }
                return Math.multiplyExact(integer(v, f), 1_000_000L); // a number: epoch milliseconds
            }
            case DATE:
                return Math.toIntExact(integer(v, f));
            case STRUCT: {
                Message nested = (Message) v;
                List<Field> cols = t.fields();
                Object[] out = new Object[cols.size()];
                for (int i = 0; i < out.length; i++) {
                    FieldDescriptor nf = nested.getDescriptorForType().findFieldByName(cols.get(i).name());
                    out[i] = field(nested, nf, cols.get(i), path + "." + cols.get(i).name());
                }
                return out;
            }
            default:
                throw new ConnectorException("Invalid Protobuf record: no Protobuf decoding for column '" + path
                        + "' of type " + t);
        }
    }

    private static long integer(Object v, FieldDescriptor f) {
        if (v instanceof EnumValueDescriptor e) {
            return e.getNumber();
        }
        long n = ((Number) v).longValue();
        // uint32 and fixed32 arrive as (signed) Integer
        if (v instanceof Integer && (f.getType() == FieldDescriptor.Type.UINT32
                || f.getType() == FieldDescriptor.Type.FIXED32)) {
            n = Integer.toUnsignedLong((Integer) v);
        }
        return n;
    }

    private static JsonNode json(Object v, FieldDescriptor f, boolean repeated) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (repeated) {
            ArrayNode a = nodes.arrayNode();
            for (Object item : (List<?>) v) {
                a.add(json(item, f, false));
            }
            return a;
        }
        if (v instanceof Message m) {
            ObjectNode o = nodes.objectNode();
            for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
                o.set(e.getKey().getName(), json(e.getValue(), e.getKey(), e.getKey().isRepeated()));
            }
            return o;
        }
        if (v instanceof EnumValueDescriptor e) {
            return nodes.textNode(e.getName());
        }
        if (v instanceof ByteString b) {
            return nodes.binaryNode(b.toByteArray());
        }
        if (v instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (v instanceof Integer || v instanceof Long) {
            return nodes.numberNode(integer(v, f));
        }
        if (v instanceof Float x) {
            return nodes.numberNode(x);
        }
        if (v instanceof Double x) {
            return nodes.numberNode(x);
        }
        return nodes.textNode(v.toString());
    }
}
