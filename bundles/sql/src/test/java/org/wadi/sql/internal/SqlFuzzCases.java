package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Statements for fuzzing the planner: generated from a small grammar of Wadi's dialect (tables with
 * options, INSERT … SELECT with windows, joins, aggregates and functions), and mutations of valid
 * queries (tokens deleted, duplicated, swapped or replaced; huge literals; deep nesting; lone
 * surrogates and control characters; very long names; truncation). Everything is drawn from the
 * {@link Random} given, so one seed always gives the same statement.
 */
final class SqlFuzzCases {

    private static final String[] TYPES = {"BIGINT", "INT", "SMALLINT", "TINYINT", "BIGINT UNSIGNED", "INT UNSIGNED",
        "DOUBLE", "FLOAT", "REAL", "DECIMAL(10, 2)", "DECIMAL(38, 10)", "TEXT", "VARCHAR", "STRING", "BOOLEAN",
        "TIMESTAMP", "DATE", "TIME", "BYTEA", "BIGINT[]", "TEXT[]", "STRUCT<a INT, b TEXT>", "JSON", "INTERVAL",
        "DECIMAL(100, 200)", "FOO", "TIMESTAMP(9)"};
    private static final String[] KEYWORDS = {"SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "JOIN",
        "ON", "AS", "INSERT", "INTO", "CREATE", "TABLE", "WITH", "OVER", "PARTITION", "WINDOW", "UNION", "ALL",
        "DISTINCT", "CASE", "WHEN", "THEN", "ELSE", "END", "NULL", "NOT", "IN", "EXISTS", "BETWEEN", "INTERVAL",
        "CAST", "TABLE", "DESCRIPTOR", "LATERAL", "UNNEST", "VALUES", "LIMIT", "WATERMARK", "FOR", "PRIMARY", "KEY",
        "METADATA", "GENERATED", "ALWAYS", "VIRTUAL", "STORED", "VIEW", "SET", "TEMPORARY", "IF", "REPLACE",
        "(", ")", ",", ";", ".", "*", "'", "\"", "[", "]", "::", "=>", "--", "/*", "*/", "$", "?", "{", "}"};
    private static final String[] OPTIONS = {"event_rate", "message_count", "event_time_field", "idle_micros",
        "watermark_field", "format", "type", "path", "bad_data", "framing", "json.unstructured",
        "json.timestamp_format", "connection_profile", "unknown_option"};

    private SqlFuzzCases() {
    }

    /** One statement: two thirds generated, one third a mutation of a valid query ({@code seeds}) or a generated one. */
    static String next(Random r, List<String> seeds) {
        int kind = r.nextInt(3);
        if (kind == 0) {
            return generate(r);
        }
        String base = kind == 1 && !seeds.isEmpty() ? seeds.get(r.nextInt(seeds.size())) : generate(r);
        int mutations = 1 + r.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            base = mutate(r, base);
        }
        return base;
    }

    // ------------------------------------------------------------------ generation

    /**
     * A pipeline: its tables, then one to three queries over them. Mostly well-typed, so that the
     * planner gets past validation; now and then a wrong type, a missing column or a bad option.
     */
    static String generate(Random r) {
        Gen g = new Gen(r);
        StringBuilder sql = new StringBuilder();
        g.sourceTable(sql, "src");
        g.sourceTable(sql, "other");
        sql.append("CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '")
                .append(g.odd() ? g.number() : "10").append("'")
                .append(r.nextInt(4) == 0 ? ", message_count = '" + (g.odd() ? g.number() : "100") + "'" : "")
                .append(");\n");
        boolean updatingSink = r.nextBoolean();
        sql.append("CREATE TABLE sink WITH (connector = '").append(g.odd() ? pick(r, "blackhole", "impulse", "nope")
                : "single_file").append("', path = '$output_path', format = '")
                .append(updatingSink ? "debezium_json" : "json").append("', type = 'sink');\n");
        if (r.nextInt(6) == 0) {
            sql.append("SET updating_ttl = interval '").append(g.odd() ? r.nextInt(100) - 50 : 1 + r.nextInt(100))
                    .append(" ").append(g.odd() ? pick(r, "month", "fortnight") : pick(r, "hour", "minute", "second"))
                    .append("';\n");
        }
        if (r.nextInt(6) == 0) {
            sql.append("CREATE VIEW v AS ").append(g.query()).append(";\n");
        }
        int queries = 1 + r.nextInt(3);
        for (int i = 0; i < queries; i++) {
            if (r.nextInt(3) == 0) {
                sql.append("INSERT INTO sink ");
            }
            sql.append(g.query()).append(";\n");
        }
        return sql.toString();
    }

    private static String pick(Random r, String... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private enum T { NUM, TEXT, BOOL, TIME, ARRAY }

    /** Grammar state: the tables' columns by type. */
    private static final class Gen {
        private final Random r;
        private int depth;

        Gen(Random r) {
            this.r = r;
        }

        /** Whether to go wrong here (one time in twelve). */
        boolean odd() {
            return r.nextInt(12) == 0;
        }

        /** Whether a table definition goes wrong here: rarer, as every query depends on them. */
        boolean rare() {
            return r.nextInt(80) == 0;
        }

        String tableType(T t) {
            return rare() ? TYPES[r.nextInt(TYPES.length)] : type(t).replace("DECIMAL(10, 2)", "DOUBLE");
        }

        String number() {
            return switch (r.nextInt(6)) {
                case 0 -> "-1";
                case 1 -> "0";
                case 2 -> "1.5";
                case 3 -> "99999999999999999999999";
                case 4 -> "abc";
                default -> "";
            };
        }

        String type(T t) {
            if (r.nextInt(30) == 0) {
                return TYPES[r.nextInt(TYPES.length)];
            }
            return switch (t) {
                case NUM -> pick(r, "BIGINT", "INT", "DOUBLE", "FLOAT", "DECIMAL(10, 2)", "BIGINT UNSIGNED", "SMALLINT");
                case TEXT -> pick(r, "TEXT", "VARCHAR", "STRING");
                case BOOL -> "BOOLEAN";
                case TIME -> "TIMESTAMP";
                case ARRAY -> pick(r, "TEXT[]", "BIGINT[]");
            };
        }

        void sourceTable(StringBuilder sql, String name) {
            List<String> decl = new ArrayList<>();
            decl.add("  id " + tableType(T.NUM) + (r.nextBoolean() ? " NOT NULL" : ""));
            decl.add("  name " + tableType(T.TEXT));
            decl.add("  price " + tableType(T.NUM));
            decl.add("  flag " + tableType(T.BOOL));
            decl.add("  tags " + tableType(T.ARRAY));
            if (!rare()) {
                decl.add("  ts TIMESTAMP NOT NULL");
            }
            if (r.nextInt(5) == 0) {
                decl.add("  g " + tableType(T.NUM) + " GENERATED ALWAYS AS (" + expr(T.NUM) + ")");
            }
            if (rare()) {
                decl.add("  m TEXT METADATA FROM '" + pick(r, "key", "topic", "offset_id") + "'");
            }
            if (r.nextInt(4) == 0) {
                decl.add("  WATERMARK FOR ts" + (r.nextBoolean() ? " AS ts - INTERVAL '" + r.nextInt(10)
                        + "' " + (rare() ? "MONTH" : "SECOND") : ""));
            }
            if (rare()) {
                decl.add("  PRIMARY KEY (id)");
            }
            sql.append("CREATE TABLE ").append(name).append(" (\n").append(String.join(",\n", decl))
                    .append("\n) WITH (connector = '").append(rare() ? pick(r, "impulse", "nexmark", "nope", "lookup")
                            : "single_file").append("', path = '$input_dir/input.json', format = '")
                    .append(rare() ? pick(r, "debezium_json", "avro", "parquet") : "json").append("', type = '")
                    .append(rare() ? pick(r, "sink", "lookup") : "source").append("'");
            if (r.nextInt(4) != 0) {
                sql.append(", event_time_field = '").append(rare() ? pick(r, "id", "missing") : "ts").append("'");
            }
            if (rare()) {
                sql.append(", ").append(OPTIONS[r.nextInt(OPTIONS.length)]).append(" = '").append(number()).append("'");
            }
            sql.append(");\n");
        }

        String column(T t) {
            String c = switch (odd() ? T.values()[r.nextInt(T.values().length)] : t) {
                case NUM -> pick(r, "id", "price");
                case TEXT -> "name";
                case BOOL -> "flag";
                case TIME -> "ts";
                case ARRAY -> "tags";
            };
            return odd() ? pick(r, "src.", "other.", "a.", "b.", "nope.", "window.") + c : c;
        }

        String literal(T t) {
            if (odd()) {
                return pick(r, "NULL", "1.5e308", "9223372036854775808", "-9223372036854775808", "DATE '2024-02-30'",
                        "'" + "x".repeat(r.nextInt(300)) + "'", "0.0", "INTERVAL '1' MONTH", "ARRAY[]");
            }
            return switch (t) {
                case NUM -> Integer.toString(r.nextInt(100));
                case TEXT -> "'" + pick(r, "a", "text", "%x%", "") + "'";
                case BOOL -> pick(r, "TRUE", "FALSE");
                case TIME -> "TIMESTAMP '2024-01-0" + (1 + r.nextInt(9)) + " 00:00:00'";
                case ARRAY -> "ARRAY['a', 'b']";
            };
        }

        String expr(T t) {
            depth++;
            try {
                if (depth > 3) {
                    return r.nextBoolean() ? column(t) : literal(t);
                }
                int c = r.nextInt(8);
                if (c < 2) {
                    return column(t);
                }
                if (c == 2) {
                    return literal(t);
                }
                if (c == 3) {
                    return "CASE WHEN " + expr(T.BOOL) + " THEN " + expr(t) + " ELSE " + expr(t) + " END";
                }
                if (c == 4) {
                    return "CAST(" + expr(odd() ? T.TEXT : t) + " AS " + type(t) + ")";
                }
                return switch (t) {
                    case NUM -> switch (r.nextInt(5)) {
                        case 0 -> expr(T.NUM) + " " + pick(r, "+", "-", "*", "/", "%") + " " + expr(T.NUM);
                        case 1 -> pick(r, "abs", "round", "floor", "ceil", "sqrt", "ln", "exp") + "(" + expr(T.NUM) + ")";
                        case 2 -> pick(r, "length", "char_length", "octet_length", "strpos") + "(" + expr(T.TEXT)
                                + (r.nextBoolean() ? "" : ", 'a'") + ")";
                        case 3 -> "coalesce(" + expr(T.NUM) + ", " + expr(T.NUM) + ")";
                        default -> "extract(" + pick(r, "hour", "minute", "epoch", "year") + " FROM " + expr(T.TIME) + ")";
                    };
                    case TEXT -> switch (r.nextInt(5)) {
                        case 0 -> expr(T.TEXT) + " || " + expr(T.TEXT);
                        case 1 -> pick(r, "lower", "upper", "trim", "md5", "initcap", "reverse") + "(" + expr(T.TEXT) + ")";
                        case 2 -> "concat(" + expr(T.TEXT) + ", " + expr(T.NUM) + ")";
                        case 3 -> "substr(" + expr(T.TEXT) + ", " + expr(T.NUM) + ")";
                        default -> "regexp_replace(" + expr(T.TEXT) + ", 'a+', 'b')";
                    };
                    case BOOL -> switch (r.nextInt(5)) {
                        case 0 -> expr(T.NUM) + " " + pick(r, "=", "<>", "<", "<=", ">", ">=") + " " + expr(T.NUM);
                        case 1 -> expr(T.BOOL) + " " + pick(r, "AND", "OR") + " " + expr(T.BOOL);
                        case 2 -> expr(T.TEXT) + " LIKE " + literal(T.TEXT);
                        case 3 -> expr(T.NUM) + " IS " + pick(r, "NULL", "NOT NULL");
                        default -> "NOT " + expr(T.BOOL);
                    };
                    case TIME -> switch (r.nextInt(3)) {
                        case 0 -> expr(T.TIME) + " " + pick(r, "+", "-") + " INTERVAL '" + r.nextInt(60) + "' SECOND";
                        case 1 -> "date_trunc('" + pick(r, "hour", "minute", "day") + "', " + expr(T.TIME) + ")";
                        default -> "to_timestamp(" + expr(T.NUM) + ")";
                    };
                    case ARRAY -> "make_array(" + expr(T.TEXT) + ", " + expr(T.TEXT) + ")";
                };
            } finally {
                depth--;
            }
        }

        String aggregate() {
            return switch (r.nextInt(10)) {
                case 0 -> "count(*)";
                case 1 -> "count(DISTINCT " + expr(T.TEXT) + ")";
                case 2 -> pick(r, "sum", "min", "max", "avg", "median", "stddev", "var_pop") + "(" + expr(T.NUM) + ")";
                case 3 -> pick(r, "first_value", "last_value") + "(" + expr(T.NUM)
                        + (r.nextBoolean() ? " ORDER BY " + column(T.NUM) + (r.nextBoolean() ? " DESC" : "") : "") + ")";
                case 4 -> "array_agg(" + expr(T.NUM) + (r.nextBoolean() ? " ORDER BY " + column(T.NUM) : "") + ")";
                case 5 -> "string_agg(" + expr(T.TEXT) + ", ','" + (r.nextBoolean() ? " ORDER BY " + column(T.TEXT) : "")
                        + ")";
                case 6 -> pick(r, "bool_and", "bool_or") + "(" + expr(T.BOOL) + ")";
                case 7 -> "count(" + expr(T.NUM) + ") FILTER (WHERE " + expr(T.BOOL) + ")";
                case 8 -> pick(r, "corr", "covar_pop", "regr_slope") + "(" + expr(T.NUM) + ", " + expr(T.NUM) + ")";
                default -> "max(" + expr(T.TIME) + ")";
            };
        }

        String window() {
            return switch (r.nextInt(odd() ? 4 : 3)) {
                case 0 -> "tumble(interval '" + (odd() ? "0" : 1 + r.nextInt(60)) + " second')";
                case 1 -> "hop(interval '" + (1 + r.nextInt(5)) + " second', interval '" + (5 + r.nextInt(20))
                        + " second')";
                case 2 -> "session(interval '" + (1 + r.nextInt(30)) + " second')";
                default -> "tumble(" + expr(T.NUM) + ")";
            };
        }

        String table() {
            return odd() ? pick(r, "impulse", "sink", "nope", "v") : pick(r, "src", "other");
        }

        String query() {
            depth++;
            try {
                String q = switch (r.nextInt(13)) {
                    case 0, 1 -> "SELECT " + expr(T.NUM) + " AS a, " + expr(T.TEXT) + " AS b"
                            + (r.nextInt(4) == 0 ? ", " + expr(T.TIME) + " AS _timestamp" : "")
                            + " FROM " + table() + (r.nextBoolean() ? " WHERE " + expr(T.BOOL) : "");
                    case 2, 3 -> "SELECT " + window() + " AS window, " + column(T.TEXT) + " AS k, " + aggregate() + " AS x, "
                            + aggregate() + " AS y FROM " + table() + (r.nextBoolean() ? " WHERE " + expr(T.BOOL) : "")
                            + " GROUP BY " + (odd() ? "k" : "window, k")
                            + (r.nextInt(4) == 0 ? " HAVING " + aggregate() + " IS NOT NULL" : "");
                    case 4 -> "SELECT " + column(T.TEXT) + " AS k, " + aggregate() + " AS x FROM " + table()
                            + " GROUP BY " + column(T.TEXT);
                    case 5 -> "SELECT a.id, a.name, b.price FROM " + table() + " a " + pick(r, "JOIN", "LEFT JOIN",
                            "RIGHT JOIN", "FULL OUTER JOIN") + " " + table() + " b ON a.id = b.id"
                            + (r.nextBoolean() ? " AND b.ts BETWEEN a.ts - INTERVAL '5' SECOND AND a.ts"
                                    + " + INTERVAL '1' MINUTE" : "");
                    case 6 -> "SELECT a.k, a.n, b.n AS m FROM (SELECT tumble(interval '5 second') AS w, name AS k, "
                            + "count(*) AS n FROM src GROUP BY w, k) a JOIN (SELECT tumble(interval '5 second') AS w, "
                            + "name AS k, count(*) AS n FROM other GROUP BY w, k) b ON a.w = b.w AND a.k = b.k";
                    case 7 -> "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY window ORDER BY n DESC) AS rn "
                            + "FROM (SELECT " + window() + " AS window, name, count(*) AS n FROM " + table()
                            + " GROUP BY window, name)) WHERE rn <= " + (1 + r.nextInt(5));
                    case 8 -> "SELECT name, count(*) AS n, " + aggregate() + " AS x FROM " + pick(r, "TUMBLE", "HOP")
                            + "(TABLE " + table() + ", DESCRIPTOR(" + (odd() ? "price" : "ts") + "), INTERVAL '"
                            + (1 + r.nextInt(10)) + "' SECOND" + (r.nextBoolean() ? ", INTERVAL '20' SECOND" : "")
                            + ") GROUP BY name";
                    case 9 -> "WITH w AS (" + query() + ") SELECT * FROM w";
                    case 10 -> "SELECT id, unnest(" + expr(T.ARRAY) + ") AS tag FROM " + table();
                    // a window over rows re-timed in a subquery or a WITH item: SELECT … AS _timestamp
                    case 11 -> {
                        String retimed = "SELECT *, " + column(T.TEXT) + " AS k, " + expr(T.TIME) + " AS _timestamp FROM "
                                + table() + (r.nextBoolean() ? " WHERE " + expr(T.BOOL) : "");
                        String outer = "SELECT " + window() + " AS window, k, " + aggregate() + " AS x FROM ";
                        yield odd() ? "WITH r AS (" + retimed + ") " + outer + "r GROUP BY window, k"
                                : outer + "(" + retimed + ") GROUP BY window, k";
                    }
                    default -> "SELECT DISTINCT " + column(T.TEXT) + ", " + column(T.NUM) + " FROM " + table();
                };
                if (depth < 2 && r.nextInt(10) == 0) {
                    q = q + " UNION ALL " + q;
                }
                return q;
            } finally {
                depth--;
            }
        }
    }

    // ------------------------------------------------------------------ mutation

    /** Splits SQL into tokens: names, numbers, quoted strings and names, comments, whitespace, single characters. */
    static List<String> tokens(String sql) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int j = i + 1;
            if (Character.isWhitespace(c)) {
                while (j < n && Character.isWhitespace(sql.charAt(j))) {
                    j++;
                }
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                    j++;
                }
            } else if (c == '\'' || c == '"') {
                while (j < n && sql.charAt(j) != c) {
                    j++;
                }
                j = Math.min(n, j + 1);
            } else if (c == '-' && j < n && sql.charAt(j) == '-') {
                while (j < n && sql.charAt(j) != '\n') {
                    j++;
                }
            }
            out.add(sql.substring(i, j));
            i = j;
        }
        return out;
    }

    static String mutate(Random r, String sql) {
        List<String> t = tokens(sql);
        if (t.isEmpty()) {
            return generate(r);
        }
        int at = r.nextInt(t.size());
        switch (r.nextInt(16)) {
            case 0 -> t.remove(at);
            case 1 -> t.add(at, t.get(at));
            case 2 -> {
                int other = r.nextInt(t.size());
                String a = t.get(at);
                t.set(at, t.get(other));
                t.set(other, a);
            }
            case 3 -> t.set(at, KEYWORDS[r.nextInt(KEYWORDS.length)]);
            case 4 -> t.add(at, " " + KEYWORDS[r.nextInt(KEYWORDS.length)] + " ");
            case 5 -> t.add(at, " " + hugeLiteral(r) + " ");
            case 6 -> {
                // a deeply nested expression where a value may stand
                int d = depth(r);
                t.add(at, " " + "(".repeat(d) + "1" + ")".repeat(d) + " ");
            }
            case 7 -> t.add(at, " " + longChain(r) + " ");
            case 8 -> t.add(at, strangeText(r));
            case 9 -> t.set(at, "x".repeat(1 + r.nextInt(20_000)));
            case 10 -> {
                // truncated anywhere
                return sql.substring(0, r.nextInt(sql.length() + 1));
            }
            case 11 -> {
                // a token's text with a lone surrogate or control character inside
                String s = t.get(at);
                int p = r.nextInt(s.length() + 1);
                t.set(at, s.substring(0, p) + strangeText(r) + s.substring(p));
            }
            case 12 -> {
                int d = depth(r);
                t.add(at, " " + "CASE WHEN TRUE THEN ".repeat(d) + "1" + " END".repeat(d) + " ");
            }
            case 13 -> {
                int d = depth(r);
                t.add(at, " " + "(SELECT ".repeat(d) + "1" + ")".repeat(d) + " ");
            }
            case 14 -> {
                int d = depth(r);
                t.add(at, " " + "abs(".repeat(d) + "1" + ")".repeat(d) + " ");
            }
            default -> {
                // a whole statement repeated
                String s = String.join("", t);
                return s + s;
            }
        }
        return String.join("", t);
    }

    private static int depth(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(50);
            case 1 -> 50 + r.nextInt(200);
            case 2 -> 250 + r.nextInt(1000);
            default -> 1000 + r.nextInt(5000);
        };
    }

    private static String longChain(Random r) {
        int n = depth(r);
        StringBuilder s = new StringBuilder("1");
        String op = pick(r, " + 1", " * 2", " AND TRUE", " || 'a'", " OR FALSE", " - counter");
        for (int i = 0; i < n; i++) {
            s.append(op);
        }
        return s.toString();
    }

    private static String hugeLiteral(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> "9".repeat(1 + r.nextInt(5000));
            case 1 -> "'" + "y".repeat(r.nextInt(60_000)) + "'";
            case 2 -> "1e" + "9".repeat(1 + r.nextInt(30));
            case 3 -> "0." + "1".repeat(1 + r.nextInt(2000));
            case 4 -> "INTERVAL '" + "9".repeat(1 + r.nextInt(40)) + "' SECOND";
            case 5 -> "interval '" + "9".repeat(1 + r.nextInt(40)) + " days'";
            default -> "TIMESTAMP '" + "9".repeat(1 + r.nextInt(20)) + "-01-01 00:00:00'";
        };
    }

    /** Text a decoder would make of invalid UTF-8 (U+FFFD, lone surrogates) and control characters. */
    private static String strangeText(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = 1 + r.nextInt(6); i > 0; i--) {
            s.append(switch (r.nextInt(9)) {
                case 0 -> '\uFFFD';
                case 1 -> '\uD800';
                case 2 -> '\uDFFF';
                case 3 -> '\u0000';
                case 4 -> (char) r.nextInt(32);
                case 5 -> '\u007F';
                case 6 -> '\u202E';
                case 7 -> '\uFEFF';
                default -> (char) r.nextInt(0x10000);
            });
        }
        return s.toString();
    }
}
