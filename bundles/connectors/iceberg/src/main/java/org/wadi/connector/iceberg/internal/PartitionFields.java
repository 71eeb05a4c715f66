package org.wadi.connector.iceberg.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.wadi.spi.connector.ConnectorException;

/**
 * The partition spec a table the sink creates gets, from the option {@code partitioning.fields}: a
 * comma-separated list of Iceberg transforms of columns, written as Arroyo's {@code PARTITIONED BY}
 * writes them — {@code identity(kind)} (or just {@code kind}), {@code bucket(id, 16)},
 * {@code truncate(name, 4)}, {@code year(ts)}, {@code month(ts)}, {@code day(ts)}, {@code hour(ts)},
 * {@code void(col)}; Spark's argument order ({@code bucket(16, id)}) is read too.
 *
 * @param fields the transforms, in order
 */
record PartitionFields(List<Field> fields) {

    static final String OPTION = "partitioning.fields";

    /** One transform of a source column; {@code width} for bucket and truncate, else 0. */
    record Field(String transform, String column, int width) {
        @Override
        public String toString() {
            return transform + "(" + column + (width > 0 ? ", " + width : "") + ")";
        }
    }

    static final PartitionFields NONE = new PartitionFields(List.of());

    PartitionFields {
        fields = List.copyOf(fields);
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    /**
     * Parses the option's text.
     *
     * @throws ConnectorException naming the item that cannot be read and the forms that can
     */
    static PartitionFields parse(String text) throws ConnectorException {
        List<Field> out = new ArrayList<>();
        for (String item : splitTopLevel(text)) {
            String s = item.trim();
            if (s.isEmpty()) {
                throw invalid(text, "an empty item");
            }
            int open = s.indexOf('(');
            if (open < 0) {
                out.add(new Field("identity", unquote(s, text), 0));
                continue;
            }
            if (!s.endsWith(")")) {
                throw invalid(text, "'" + s + "' is missing its ')'");
            }
            String name = s.substring(0, open).trim().toLowerCase(Locale.ROOT);
            List<String> args = splitTopLevel(s.substring(open + 1, s.length() - 1));
            String transform = switch (name) {
                case "identity", "bucket", "truncate", "void" -> name;
                case "year", "years" -> "year";
                case "month", "months" -> "month";
                case "day", "days" -> "day";
                case "hour", "hours" -> "hour";
                default -> throw invalid(text, "unknown transform '" + name + "'");
            };
            boolean widthed = transform.equals("bucket") || transform.equals("truncate");
            if (args.size() != (widthed ? 2 : 1)) {
                throw invalid(text, "'" + name + "' takes " + (widthed ? "a column and a number, e.g. " + name
                        + "(id, 16)" : "one column, e.g. " + name + "(ts)"));
            }
            String column = args.get(0).trim();
            int width = 0;
            if (widthed) {
                String second = args.get(1).trim();
                if (isNumber(column) && !isNumber(second)) {
                    // Spark's order: bucket(16, id)
                    String swap = column;
                    column = second;
                    second = swap;
                }
                if (!isNumber(second)) {
                    throw invalid(text, "'" + name + "' needs a whole number above 0, e.g. " + name + "(id, 16)");
                }
                try {
                    width = Integer.parseInt(second);
                } catch (NumberFormatException e) {
                    width = 0;
                }
                if (width <= 0) {
                    throw invalid(text, "'" + name + "' needs a whole number above 0, e.g. " + name + "(id, 16)");
                }
            }
            out.add(new Field(transform, unquote(column, text), width));
        }
        return new PartitionFields(out);
    }

    /**
     * The spec over a table schema; column names are matched ignoring case.
     *
     * @throws ConnectorException naming a missing column or a transform its type cannot take
     */
    PartitionSpec spec(Schema schema) throws ConnectorException {
        PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
        for (Field f : fields) {
            Types.NestedField column = schema.caseInsensitiveFindField(f.column());
            if (column == null) {
                throw new ConnectorException("Option '" + OPTION + "' of connector 'iceberg' partitions by '" + f
                        + "', but '" + f.column() + "' is not a column of the table. Columns: "
                        + schema.columns().stream().map(Types.NestedField::name).toList());
            }
            String name = column.name();
            try {
                // alone first: a transform the column's type cannot take fails naming this field
                add(PartitionSpec.builderFor(schema), f, name).build();
                add(builder, f, name);
            } catch (RuntimeException e) {
                throw new ConnectorException("Option '" + OPTION + "' of connector 'iceberg': cannot partition by '"
                        + f + "' (column '" + name + "' is " + column.type() + "): " + e.getMessage(), e);
            }
        }
        try {
            return builder.build();
        } catch (RuntimeException e) {
            throw new ConnectorException("Option '" + OPTION + "' of connector 'iceberg' = '" + text() + "': "
                    + e.getMessage(), e);
        }
    }

    private static PartitionSpec.Builder add(PartitionSpec.Builder builder, Field f, String name) {
        return switch (f.transform()) {
            case "identity" -> builder.identity(name);
            case "bucket" -> builder.bucket(name, f.width());
            case "truncate" -> builder.truncate(name, f.width());
            case "year" -> builder.year(name);
            case "month" -> builder.month(name);
            case "day" -> builder.day(name);
            case "hour" -> builder.hour(name);
            case "void" -> builder.alwaysNull(name);
            default -> throw new IllegalStateException(f.transform());
        };
    }

    /** A spec's fields in this notation, to compare an existing table's spec with the option. */
    static List<String> describe(PartitionSpec spec, Schema schema) {
        List<String> out = new ArrayList<>();
        for (PartitionField f : spec.fields()) {
            String column = schema.findColumnName(f.sourceId());
            String t = f.transform().toString();
            int width = 0;
            if (t.startsWith("bucket[") || t.startsWith("truncate[")) {
                width = Integer.parseInt(t.substring(t.indexOf('[') + 1, t.indexOf(']')));
                t = t.substring(0, t.indexOf('['));
            }
            out.add(new Field(t, column, width).toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** The fields in this notation, lower case, for {@link #describe} comparisons. */
    List<String> describe() {
        return fields.stream().map(f -> f.toString().toLowerCase(Locale.ROOT)).toList();
    }

    /** The option's normalised text. */
    String text() {
        return String.join(", ", fields.stream().map(Field::toString).toList());
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static String unquote(String s, String text) throws ConnectorException {
        String c = s.trim();
        if (c.length() >= 2 && ((c.startsWith("\"") && c.endsWith("\"")) || (c.startsWith("'") && c.endsWith("'"))
                || (c.startsWith("`") && c.endsWith("`")))) {
            c = c.substring(1, c.length() - 1);
        }
        if (c.isEmpty() || c.contains("(") || c.contains(")") || c.contains(",")) {
            throw invalid(text, "'" + s.trim() + "' is not a column name");
        }
        return c;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static ConnectorException invalid(String text, String problem) {
        return new ConnectorException("Invalid value '" + text + "' for option '" + OPTION + "' of connector 'iceberg': "
                + problem + "; expected Iceberg transforms of columns separated by commas, e.g. 'day(ts), "
                + "bucket(id, 16), kind' (identity, bucket, truncate, year, month, day, hour, void)");
    }
}
