package org.wadi.sql.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The scalar functions Arroyo registers (DataFusion 48's defaults, datafusion-functions-json 0.48
 * and Arroyo's own), and for each implemented one its examples: SQL in, expected value out,
 * mostly DataFusion's documentation examples. {@link FunctionsTest} runs every example through the
 * planner and the worker; {@link FunctionsDoc} writes docs/functions.md from the same data.
 */
final class FunctionCases {

    private FunctionCases() {
    }

    /** A row of the pinned list: a function and the other names DataFusion gives it. */
    record Pinned(String section, String name, List<String> aliases, String note) {
        List<String> names() {
            List<String> all = new ArrayList<>();
            all.add(name);
            all.addAll(aliases);
            return all;
        }
    }

    /** An example: {@code sql} (a scalar expression) evaluates to {@code expected} (NULL as {@code NULL}). */
    record Case(String function, String sql, String expected) {
        @Override
        public String toString() {
            return sql;
        }
    }

    static final List<Pinned> PINNED = new ArrayList<>();
    static final List<Case> CASES = new ArrayList<>();

    private static void pin(String section, String name, String... aliases) {
        PINNED.add(new Pinned(section, name, List.of(aliases), null));
    }

    private static void missing(String section, String note, String... names) {
        for (String n : names) {
            PINNED.add(new Pinned(section, n, List.of(), note));
        }
    }

    private static void ex(String function, String sql, String expected) {
        CASES.add(new Case(function, sql, expected));
    }

    static {
        String math = "Math";
        for (String f : List.of("abs", "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cbrt", "ceil",
                "cos", "cosh", "cot", "degrees", "exp", "factorial", "floor", "gcd", "isnan", "iszero", "lcm", "ln",
                "log", "log10", "log2", "nanvl", "pi")) {
            pin(math, f);
        }
        pin(math, "power", "pow");
        for (String f : List.of("radians", "random", "round", "signum", "sin", "sinh", "sqrt", "tan", "tanh",
                "trunc")) {
            pin(math, f);
        }
        String cond = "Conditional";
        pin(cond, "coalesce");
        pin(cond, "greatest");
        pin(cond, "least");
        pin(cond, "nullif");
        pin(cond, "nvl", "ifnull");
        pin(cond, "nvl2");
        String str = "String";
        pin(str, "ascii");
        pin(str, "bit_length");
        pin(str, "btrim", "trim");
        pin(str, "char_length", "character_length", "length");
        for (String f : List.of("chr", "concat", "concat_ws", "ends_with", "find_in_set", "initcap",
                "left", "levenshtein", "lower", "lpad", "ltrim", "octet_length", "overlay", "repeat", "replace",
                "reverse", "right", "rpad", "rtrim", "split_part", "starts_with")) {
            pin(str, f);
        }
        pin(str, "strpos", "instr", "position");
        pin(str, "substr", "substring");
        pin(str, "substr_index", "substring_index");
        for (String f : List.of("to_hex", "translate", "upper")) {
            pin(str, f);
        }
        missing(str, "missing: CONTAINS is a reserved word of Calcite's grammar (the parser needs a change)",
                "contains");
        missing(str, "missing: UUID is a type name in Calcite's grammar (the parser needs a change)", "uuid");
        pin("Binary string", "encode");
        pin("Binary string", "decode");
        for (String f : List.of("regexp_count", "regexp_instr", "regexp_like", "regexp_match", "regexp_replace")) {
            pin("Regular expression", f);
        }
        String time = "Time and date";
        pin(time, "current_date", "today");
        pin(time, "current_time");
        pin(time, "date_bin");
        pin(time, "date_part", "datepart", "extract");
        pin(time, "date_trunc", "datetrunc");
        pin(time, "from_unixtime");
        pin(time, "make_date");
        pin(time, "now", "current_timestamp");
        pin(time, "to_char", "date_format");
        for (String f : List.of("to_date", "to_local_time", "to_timestamp", "to_timestamp_micros",
                "to_timestamp_millis", "to_timestamp_nanos", "to_timestamp_seconds", "to_unixtime")) {
            pin(time, f);
        }
        for (String f : List.of("digest", "md5", "sha224", "sha256", "sha384", "sha512")) {
            pin("Hashing", f);
        }
        missing("Struct, map and other", "missing", "arrow_cast", "arrow_typeof", "get_field", "named_struct",
                "struct", "map", "map_extract", "map_keys", "map_values", "union_extract", "union_tag", "version");
        String json = "JSON (datafusion-functions-json)";
        for (String f : List.of("json_contains", "json_get", "json_get_str", "json_get_int", "json_get_float",
                "json_get_bool", "json_get_json", "json_get_array", "json_as_text", "json_length",
                "json_object_keys")) {
            pin(json, f);
        }
        String arroyo = "Arroyo";
        pin(arroyo, "get_first_json_object");
        pin(arroyo, "extract_json");
        pin(arroyo, "extract_json_string");
        missing(arroyo, "missing: xxh3-128 over Arrow's row encoding of the arguments is not reproduced yet",
                "multi_hash");
        missing("Array (datafusion-functions-nested)", "missing (out of scope for now)", "array_any_value",
                "array_append", "array_cat", "array_dims", "array_distance", "array_distinct", "array_element",
                "array_except", "array_has", "array_has_all", "array_has_any", "array_intersect", "array_length",
                "array_max", "array_ndims", "array_pop_back", "array_pop_front", "array_position", "array_positions",
                "array_prepend", "array_remove", "array_remove_all", "array_remove_n", "array_repeat",
                "array_replace", "array_replace_all", "array_replace_n", "array_resize", "array_reverse",
                "array_slice", "array_sort", "array_to_string", "array_union", "arrays_overlap", "cardinality",
                "empty", "flatten", "generate_series", "make_array", "range", "string_to_array");

        // ---- math
        ex("abs", "abs(-3)", "3");
        ex("abs", "abs(CAST(NULL AS INT))", "NULL");
        ex("acos", "acos(1)", "0.0");
        ex("acosh", "acosh(1)", "0.0");
        ex("asin", "asin(0)", "0.0");
        ex("asinh", "asinh(0)", "0.0");
        ex("atan", "atan(0)", "0.0");
        ex("atan2", "atan2(0, 1)", "0.0");
        ex("atanh", "atanh(0)", "0.0");
        ex("cbrt", "cbrt(27)", "3.0");
        ex("ceil", "ceil(1.2)", "2");
        ex("cos", "cos(0)", "1.0");
        ex("cosh", "cosh(0)", "1.0");
        ex("cot", "cot(1)", "0.6420926159343306");
        ex("degrees", "degrees(pi())", "180.0");
        ex("exp", "exp(0)", "1.0");
        ex("factorial", "factorial(5)", "120");
        ex("factorial", "factorial(CAST(NULL AS INT))", "NULL");
        ex("floor", "floor(1.7)", "1");
        ex("gcd", "gcd(12, 18)", "6");
        ex("gcd", "gcd(CAST(NULL AS BIGINT), 18)", "NULL");
        ex("isnan", "isnan(CAST('NaN' AS DOUBLE))", "true");
        ex("iszero", "iszero(0.0)", "true");
        ex("lcm", "lcm(4, 6)", "12");
        ex("ln", "ln(1)", "0.0");
        ex("log", "log(100)", "2.0");
        ex("log", "log(2, 8)", "3.0");
        ex("log10", "log10(1000)", "3.0");
        ex("log2", "log2(8)", "3.0");
        ex("nanvl", "nanvl(CAST('NaN' AS DOUBLE), 1.0)", "1.0");
        ex("pi", "pi()", "3.141592653589793");
        ex("power", "power(2, 10)", "1024");
        ex("pow", "pow(2.0, 0.5)", "1.4142135623730951");
        ex("radians", "radians(180)", "3.141592653589793");
        ex("random", "random() < 1.0", "true");
        ex("round", "round(3.14159, 2)", "3.14");
        ex("round", "round(2.5)", "3.0");
        ex("signum", "signum(-5)", "-1.0");
        ex("sin", "sin(0)", "0.0");
        ex("sinh", "sinh(0)", "0.0");
        ex("sqrt", "sqrt(16)", "4.0");
        ex("sqrt", "sqrt(CAST(NULL AS DOUBLE))", "NULL");
        ex("tan", "tan(0)", "0.0");
        ex("tanh", "tanh(0)", "0.0");
        ex("trunc", "trunc(3.789)", "3.0");
        ex("trunc", "trunc(3.789, 1)", "3.7");

        // ---- conditional
        ex("coalesce", "coalesce(NULL, 'b', 'c')", "b");
        ex("greatest", "greatest(1, 5, 3)", "5");
        ex("greatest", "greatest(CAST(NULL AS INT), CAST(NULL AS INT))", "NULL");
        ex("least", "least(4, 2, NULL)", "2");
        ex("nullif", "nullif('a', 'a')", "NULL");
        ex("nvl", "nvl(NULL, 'x')", "x");
        ex("ifnull", "ifnull('a', 'x')", "a");
        ex("nvl2", "nvl2('a', 'b', 'c')", "b");
        ex("nvl2", "nvl2(CAST(NULL AS VARCHAR), 'b', 'c')", "c");

        // ---- strings
        ex("ascii", "ascii('abc')", "97");
        ex("ascii", "ascii('Å')", "197");
        ex("ascii", "ascii(CAST(NULL AS VARCHAR))", "NULL");
        ex("bit_length", "bit_length('datafusion')", "80");
        ex("btrim", "btrim('__datafusion____', '_')", "datafusion");
        ex("trim", "trim('  datafusion  ')", "datafusion");
        ex("char_length", "char_length('datafusion')", "10");
        ex("character_length", "character_length('Ångström')", "8");
        ex("length", "length('datafusion')", "10");
        ex("chr", "chr(128640)", "🚀");
        ex("concat", "concat('data', 'f', 'us', 'ion')", "datafusion");
        ex("concat", "concat('a', NULL, 'b')", "ab");
        ex("concat_ws", "concat_ws('_', 'data', 'fusion')", "data_fusion");
        ex("concat_ws", "concat_ws('_', 'a', NULL, 'b')", "a_b");
        ex("concat_ws", "concat_ws(CAST(NULL AS VARCHAR), 'a', 'b')", "NULL");
        ex("ends_with", "ends_with('datafusion', 'sion')", "true");
        ex("find_in_set", "find_in_set('b', 'a,b,c,d')", "2");
        ex("initcap", "initcap('apache datafusion')", "Apache Datafusion");
        ex("left", "left('datafusion', 4)", "data");
        ex("levenshtein", "levenshtein('kitten', 'sitting')", "3");
        ex("lower", "lower('Ångström')", "ångström");
        ex("lpad", "lpad('Dolly', 10, 'hello')", "helloDolly");
        ex("lpad", "lpad(CAST(NULL AS VARCHAR), 10, 'x')", "NULL");
        ex("ltrim", "ltrim('___datafusion___', '_')", "datafusion___");
        ex("octet_length", "octet_length('Ångström')", "10");
        ex("overlay", "overlay('Txxxxas' placing 'hom' from 2 for 4)", "Thomas");
        ex("repeat", "repeat('data', 3)", "datadatadata");
        ex("replace", "replace('ABabbaBA', 'ab', 'cd')", "ABcdbaBA");
        ex("reverse", "reverse('datafusion')", "noisufatad");
        ex("right", "right('datafusion', 6)", "fusion");
        ex("rpad", "rpad('datafusion', 20, '_-')", "datafusion_-_-_-_-_-");
        ex("rtrim", "rtrim('___datafusion___', '_')", "___datafusion");
        ex("split_part", "split_part('1.2.3.4.5', '.', 3)", "3");
        ex("starts_with", "starts_with('datafusion', 'data')", "true");
        ex("strpos", "strpos('datafusion', 'fus')", "5");
        ex("instr", "instr('datafusion', 'fus')", "5");
        ex("position", "position('fus' in 'datafusion')", "5");
        ex("substr", "substr('datafusion', 5, 3)", "fus");
        ex("substring", "substring('datafusion', 5)", "fusion");
        ex("substr_index", "substr_index('www.apache.org', '.', 1)", "www");
        ex("substring_index", "substring_index('www.apache.org', '.', -1)", "org");
        ex("substr_index", "substr_index(CAST(NULL AS VARCHAR), '.', 1)", "NULL");
        ex("to_hex", "to_hex(12345689)", "bc6159");
        ex("translate", "translate('twice', 'wic', 'her')", "there");
        ex("upper", "upper('dataFusion')", "DATAFUSION");

        // ---- binary strings and hashing
        ex("encode", "encode('abc', 'base64')", "YWJj");
        ex("encode", "encode('abc', 'hex')", "616263");
        ex("decode", "decode('YWJj', 'base64')", "616263");
        ex("digest", "digest('foo', 'sha256')", "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
        ex("md5", "md5('foo')", "acbd18db4cc2f85cedef654fccc4a4d8");
        ex("md5", "md5(CAST(NULL AS VARCHAR))", "NULL");
        ex("sha224", "sha224('foo')", "0808f64e60d58979fcb676c96ec938270dea42445aeefcd3a4e6f8db");
        ex("sha256", "sha256('foo')", "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
        ex("sha384", "sha384('foo')", "98c11ffdfdd540676b1a137cb1a22b2a70350c9a44171d6b1180c6be5cbb2ee3f79d532c8a"
                + "1dd9ef2e8e08e752a3babb");
        ex("sha512", "sha512('foo')", "f7fbba6e0636f890e56fbbf3283e524c6fa3204ae298382d624741d0dc6638326e282c41be5e"
                + "4254d8820772c5518a2c5a8c0c7f7eda19594a7eb539453e1ed7");

        // ---- regular expressions
        ex("regexp_count", "regexp_count('abcAbAbc', 'abc', 1, 'i')", "2");
        ex("regexp_instr", "regexp_instr('ABCDEF', 'C(.)(..)')", "3");
        ex("regexp_like", "regexp_like('Köln', '[a-zA-Z]ö[a-zA-Z]{2}')", "true");
        ex("regexp_like", "regexp_like('aBc', '(b|d)', 'i')", "true");
        ex("regexp_like", "regexp_like(CAST(NULL AS VARCHAR), 'a')", "NULL");
        ex("regexp_match", "regexp_match('Köln', '[a-zA-Z]ö[a-zA-Z]{2}')", "[Köln]");
        ex("regexp_match", "regexp_match('aBc', '(b|d)', 'i')", "[B]");
        ex("regexp_match", "regexp_match('abc', 'x')", "NULL");
        ex("regexp_replace", "regexp_replace('foobarbaz', 'b(..)', 'X\\1Y', 'g')", "fooXarYXazY");
        ex("regexp_replace", "regexp_replace('aBc', '(b|d)', 'Ab\\1a', 'i')", "aAbBac");

        // ---- time and date
        ex("current_date", "current_date > DATE '2020-01-01'", "true");
        ex("today", "today() > DATE '2020-01-01'", "true");
        ex("current_time", "current_time IS NOT NULL", "true");
        ex("date_bin", "date_bin(INTERVAL '15' MINUTE, TIMESTAMP '2023-01-01 10:17:00')", "2023-01-01 10:15:00");
        ex("date_part", "date_part('year', TIMESTAMP '2024-05-06 07:08:09')", "2024");
        ex("date_part", "date_part('epoch', TIMESTAMP '1970-01-01 00:00:01.5')", "1.5");
        ex("datepart", "datepart('hour', TIMESTAMP '2024-05-06 07:08:09')", "7");
        ex("extract", "extract(day FROM TIMESTAMP '2024-05-06 07:08:09')", "6");
        ex("date_trunc", "date_trunc('hour', TIMESTAMP '2024-05-06 07:08:09')", "2024-05-06 07:00:00");
        ex("date_trunc", "date_trunc('hour', CAST(NULL AS TIMESTAMP))", "NULL");
        ex("datetrunc", "datetrunc('month', TIMESTAMP '2024-05-06 07:08:09')", "2024-05-01 00:00:00");
        ex("from_unixtime", "from_unixtime(1599572549)", "2020-09-08 13:42:29");
        ex("make_date", "make_date(2023, 1, 31)", "2023-01-31");
        ex("now", "now() > TIMESTAMP '2020-01-01 00:00:00'", "true");
        ex("current_timestamp", "current_timestamp > TIMESTAMP '2020-01-01 00:00:00'", "true");
        ex("to_char", "to_char(DATE '2023-03-01', '%d-%m-%Y')", "01-03-2023");
        ex("date_format", "date_format(TIMESTAMP '2023-03-01 14:05:06', '%Y/%m/%d %H:%M:%S')",
                "2023/03/01 14:05:06");
        ex("to_date", "to_date('2023-01-31')", "2023-01-31");
        ex("to_date", "to_date('2023/01/31', '%Y-%m-%d', '%Y/%m/%d')", "2023-01-31");
        ex("to_local_time", "to_local_time(TIMESTAMP '2024-04-01 00:00:20')", "2024-04-01 00:00:20");
        ex("to_timestamp", "to_timestamp('2023-01-31T09:26:56.123456789-05:00')", "2023-01-31 14:26:56.123456789");
        ex("to_timestamp", "to_timestamp('03:59:00.123456789 05-17-2023', '%c', '%+', '%H:%M:%S%.f %m-%d-%Y')",
                "2023-05-17 03:59:00.123456789");
        ex("to_timestamp", "to_timestamp(1672531200)", "2023-01-01 00:00:00");
        ex("to_timestamp", "to_timestamp(CAST(NULL AS VARCHAR))", "NULL");
        ex("to_timestamp_micros", "to_timestamp_micros('2023-01-31T09:26:56.123456789-05:00')",
                "2023-01-31 14:26:56.123456");
        ex("to_timestamp_millis", "to_timestamp_millis('2023-01-31T09:26:56.123456789-05:00')",
                "2023-01-31 14:26:56.123");
        ex("to_timestamp_nanos", "to_timestamp_nanos('2023-01-31T09:26:56.123456789-05:00')",
                "2023-01-31 14:26:56.123456789");
        ex("to_timestamp_seconds", "to_timestamp_seconds('2023-01-31T09:26:56.123456789-05:00')",
                "2023-01-31 14:26:56");
        ex("to_unixtime", "to_unixtime('2020-09-08T12:00:00+00:00')", "1599566400");
        ex("to_unixtime", "to_unixtime(TIMESTAMP '2020-09-08 12:00:00')", "1599566400");

        // ---- JSON
        ex("json_contains", "json_contains('{\"a\": 1}', 'a')", "true");
        ex("json_contains", "json_contains('{\"a\": 1}', 'b')", "false");
        ex("json_get", "json_get('{\"a\": {\"b\": 1}}', 'a')", "{\"b\":1}");
        ex("json_get", "CAST(json_get('{\"a\": 5}', 'a') AS INT)", "5");
        ex("json_get_str", "json_get_str('{\"a\": {\"b\": \"c\"}}', 'a', 'b')", "c");
        ex("json_get_str", "json_get_str('{\"a\": 1}', 'a')", "NULL");
        ex("json_get_str", "json_get_str('not json', 'a')", "NULL");
        ex("json_get_int", "json_get_int('{\"a\": [1, 2, 3]}', 'a', 1)", "2");
        ex("json_get_int", "json_get_int(CAST(NULL AS VARCHAR), 'a')", "NULL");
        ex("json_get_float", "json_get_float('{\"x\": 1.5}', 'x')", "1.5");
        ex("json_get_bool", "json_get_bool('{\"ok\": true}', 'ok')", "true");
        ex("json_get_json", "json_get_json('{\"a\": {\"b\": [1, 2]}}', 'a')", "{\"b\":[1,2]}");
        ex("json_get_array", "json_get_array('{\"a\": [1, \"x\"]}', 'a')", "[1, \"x\"]");
        ex("json_as_text", "json_as_text('{\"a\": \"x\", \"b\": 2}', 'a')", "x");
        ex("json_as_text", "json_as_text('{\"a\": \"x\", \"b\": 2}', 'b')", "2");
        ex("json_length", "json_length('[1, 2, 3]')", "3");
        ex("json_object_keys", "json_object_keys('{\"a\": 1, \"b\": 2}')", "[a, b]");
        ex("get_first_json_object", "get_first_json_object('{\"a\": [{\"b\": 1}, {\"b\": 2}]}', '$.a[*].b')", "1");
        ex("extract_json", "extract_json('{\"a\": [{\"b\": 1}, {\"b\": 2}]}', '$.a[*].b')", "[1, 2]");
        ex("extract_json", "extract_json('{\"a\": {\"b\": {\"c\": 3}}}', '$..c')", "[3]");
        ex("extract_json_string", "extract_json_string('{\"a\": {\"b\": \"x\"}}', '$.a.b')", "x");
    }
}
