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

    /** Each other name of {@code p} runs its first example under that name. */
    private static void aliasExamples(Pinned p) {
        Case first = CASES.stream().filter(c -> c.function().equals(p.name())).findFirst().orElseThrow(
                () -> new IllegalStateException("no example of " + p.name()));
        for (String alias : p.aliases()) {
            String sql = first.sql().startsWith(p.name() + "(")
                    ? alias + first.sql().substring(p.name().length()) : null;
            if (sql == null) {
                throw new IllegalStateException("the first example of " + p.name() + " does not call it by name");
            }
            ex(alias, sql, first.expected());
        }
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
        pin(str, "contains");
        pin(str, "uuid");
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
        String other = "Struct, map and other";
        for (String f : List.of("arrow_cast", "arrow_typeof", "get_field", "named_struct", "struct")) {
            pin(other, f);
        }
        missing(other, "missing: Wadi has no MAP type", "map", "map_extract", "map_keys", "map_values");
        missing(other, "missing: Wadi has no UNION type", "union_extract", "union_tag");
        pin(other, "version");
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
        pin(arroyo, "multi_hash");
        pin(arroyo, "wallclock");
        String array = "Array (datafusion-functions-nested)";
        pin(array, "array_any_value", "list_any_value");
        pin(array, "array_append", "list_append", "array_push_back", "list_push_back");
        pin(array, "array_cat", "array_concat", "list_concat", "list_cat");
        pin(array, "array_dims", "list_dims");
        pin(array, "array_distance", "list_distance");
        pin(array, "array_distinct", "list_distinct");
        pin(array, "array_element", "array_extract", "list_element", "list_extract");
        pin(array, "array_except", "list_except");
        pin(array, "array_has", "list_has", "array_contains", "list_contains");
        pin(array, "array_has_all", "list_has_all");
        pin(array, "array_has_any", "list_has_any");
        pin(array, "array_intersect", "list_intersect");
        pin(array, "array_length", "list_length");
        pin(array, "array_max", "list_max");
        pin(array, "array_ndims", "list_ndims");
        pin(array, "array_pop_back", "list_pop_back");
        pin(array, "array_pop_front", "list_pop_front");
        pin(array, "array_position", "list_position", "array_indexof", "list_indexof");
        pin(array, "array_positions", "list_positions");
        pin(array, "array_prepend", "list_prepend", "array_push_front", "list_push_front");
        pin(array, "array_remove", "list_remove");
        pin(array, "array_remove_all", "list_remove_all");
        pin(array, "array_remove_n", "list_remove_n");
        pin(array, "array_repeat", "list_repeat");
        pin(array, "array_replace", "list_replace");
        pin(array, "array_replace_all", "list_replace_all");
        pin(array, "array_replace_n", "list_replace_n");
        pin(array, "array_resize", "list_resize");
        pin(array, "array_reverse", "list_reverse");
        pin(array, "array_slice", "list_slice");
        pin(array, "array_sort", "list_sort");
        pin(array, "array_to_string", "list_to_string", "array_join", "list_join");
        pin(array, "array_union", "list_union");
        pin(array, "arrays_overlap");
        pin(array, "cardinality");
        pin(array, "empty", "array_empty", "list_empty");
        pin(array, "flatten");
        pin(array, "generate_series");
        pin(array, "make_array", "make_list");
        pin(array, "range");
        pin(array, "string_to_array", "string_to_list");

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
        ex("contains", "contains('the quick brown fox', 'row')", "true");
        ex("contains", "contains('the quick brown fox', 'cat')", "false");
        ex("contains", "contains(CAST(NULL AS VARCHAR), 'a')", "NULL");
        ex("uuid", "char_length(uuid())", "36");
        ex("uuid", "regexp_like(uuid(), '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')", "true");

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
        // XXH3-128 of Arrow's row encoding, as Arroyo (the digests are the reference implementation's)
        ex("wallclock", "wallclock() > TIMESTAMP '2020-01-01 00:00:00'", "true");
        ex("multi_hash", "multi_hash('a', 1)", "88dc4d7330d4e076e7db2794102ef8a6");
        ex("multi_hash", "multi_hash('a', 1.0, TRUE)", "34604b81ae3acdc12ae946b8db7950f1");
        ex("multi_hash", "multi_hash(CAST(NULL AS VARCHAR))", "a6cd5e9392000f6ac44bdff4074eecdb");
        // the arrows: -> is json_get, ->> json_as_text
        ex("json_get", "'{\"a\": {\"b\": 1}}' -> 'a'", "{\"b\":1}");
        ex("json_get", "'{\"a\": {\"b\": 1}}' -> 'a' -> 'b'", "1");
        ex("json_get", "'{\"a\": [1, 2]}' -> 'a' -> 1", "2");
        ex("json_get", "CAST('{\"a\": 5}' -> 'a' AS INT) + 1", "6");
        ex("json_get", "'{\"a\": 5}' -> 'b'", "NULL");
        ex("json_as_text", "'{\"a\": {\"b\": \"x\"}}' -> 'a' ->> 'b'", "x");
        ex("json_as_text", "'{\"a\": \"x\"}' ->> 'a' = 'x'", "true");
        ex("json_as_text", "'{\"a\": \"x\"}' ->> 'a' || '!'", "x!");

        // ---- arrays
        ex("make_array", "make_array(1, 2, 3, 4, 5)", "[1, 2, 3, 4, 5]");
        ex("make_array", "[1, 2, 3]", "[1, 2, 3]");
        ex("make_array", "make_array(1, NULL, 2.5)", "[1.0, NULL, 2.5]");
        ex("make_array", "[[1, 2], [3]]", "[[1, 2], [3]]");
        ex("make_array", "ARRAY['a', 'bc']", "[a, bc]");
        ex("array_length", "array_length([1, 2, 3, 4, 5], 1)", "5");
        ex("array_length", "array_length([[1, 2, 3], [4, 5, 6]], 2)", "3");
        ex("array_length", "array_length([1, 2], 2)", "NULL");
        ex("array_length", "array_length(CAST(NULL AS INT ARRAY))", "NULL");
        ex("cardinality", "cardinality([[1, 2, 3, 4], [5, 6, 7, 8]])", "8");
        ex("cardinality", "cardinality(make_array())", "0");
        ex("array_ndims", "array_ndims([[1, 2, 3], [4, 5, 6]])", "2");
        ex("array_dims", "array_dims([[1, 2, 3], [4, 5, 6]])", "[2, 3]");
        ex("empty", "empty([1])", "false");
        ex("empty", "empty(make_array())", "true");
        ex("array_element", "array_element([1, 2, 3, 4], 3)", "3");
        ex("array_element", "array_element([1, 2, 3, 4], -1)", "4");
        ex("array_element", "array_element([1, 2], 5)", "NULL");
        ex("array_element", "make_array('a', 'b', 'c')[2]", "b");
        ex("array_any_value", "array_any_value([NULL, 1, 2, 3])", "1");
        ex("array_max", "array_max([3, 1, 4, 2])", "4");
        ex("array_max", "array_max(['b', NULL, 'a'])", "b");
        ex("array_append", "array_append([1, 2, 3], 4)", "[1, 2, 3, 4]");
        ex("array_append", "array_append([1, 2], 2.5)", "[1.0, 2.0, 2.5]");
        ex("array_append", "array_append(CAST(NULL AS INT ARRAY), 1)", "[1]");
        ex("array_prepend", "array_prepend(1, [2, 3, 4])", "[1, 2, 3, 4]");
        ex("array_cat", "array_cat([1, 2], [3, 4], [5, 6])", "[1, 2, 3, 4, 5, 6]");
        ex("array_cat", "array_cat([1], CAST(NULL AS INT ARRAY), [CAST(2 AS BIGINT)])", "[1, 2]");
        ex("array_has", "array_has([1, 2, 3], 2)", "true");
        ex("array_has", "array_has([[1, 2], [3]], [3])", "true");
        ex("array_has", "array_has([1, 2, 3], CAST(NULL AS INT))", "NULL");
        ex("array_has_all", "array_has_all([1, 2, 3, 4], [2, 3])", "true");
        ex("array_has_any", "array_has_any([1, 2, 3], [3, 4])", "true");
        ex("arrays_overlap", "arrays_overlap([1, 2], [3, 4])", "false");
        ex("array_position", "array_position([1, 2, 2, 3, 1, 4], 2)", "2");
        ex("array_position", "array_position([1, 2, 2, 3, 1, 4], 2, 3)", "3");
        ex("array_position", "array_position([1, 2], 7)", "NULL");
        ex("array_positions", "array_positions([1, 2, 2, 3, 1, 4], 2)", "[2, 3]");
        ex("array_remove", "array_remove([1, 2, 2, 3, 2, 1, 4], 2)", "[1, 2, 3, 2, 1, 4]");
        ex("array_remove", "array_remove([1, 2, NULL, 2, 4], 2)", "[1, NULL, 2, 4]");
        ex("array_remove_n", "array_remove_n([1, 2, 2, 3, 2, 1, 4], 2, 2)", "[1, 3, 2, 1, 4]");
        ex("array_remove_all", "array_remove_all([1, 2, 2, 3, 2, 1, 4], 2)", "[1, 3, 1, 4]");
        ex("array_replace", "array_replace([1, 2, 2, 3, 2, 1, 4], 2, 5)", "[1, 5, 2, 3, 2, 1, 4]");
        ex("array_replace_n", "array_replace_n([1, 2, 2, 3, 2, 1, 4], 2, 5, 2)", "[1, 5, 5, 3, 2, 1, 4]");
        ex("array_replace_all", "array_replace_all([1, 2, 2, 3, 2, 1, 4], 2, 5)", "[1, 5, 5, 3, 5, 1, 4]");
        ex("array_slice", "array_slice([1, 2, 3, 4, 5, 6, 7, 8], 3, 6)", "[3, 4, 5, 6]");
        ex("array_slice", "array_slice([1, 2, 3, 4, 5], -2, -1)", "[4, 5]");
        ex("array_slice", "array_slice([1, 2, 3, 4, 5], 1, 5, 2)", "[1, 3, 5]");
        ex("array_reverse", "array_reverse([1, 2, 3, 4])", "[4, 3, 2, 1]");
        ex("array_sort", "array_sort([3, 1, 2])", "[1, 2, 3]");
        ex("array_sort", "array_sort([3, NULL, 1], 'DESC', 'NULLS LAST')", "[3, 1, NULL]");
        ex("array_distinct", "array_distinct([1, 3, 2, 3, 1, 2, 4])", "[1, 2, 3, 4]");
        ex("array_union", "array_union([1, 2, 3, 4], [5, 6, 3, 4])", "[1, 2, 3, 4, 5, 6]");
        ex("array_intersect", "array_intersect([1, 2, 3, 4], [5, 6, 3, 4])", "[3, 4]");
        ex("array_intersect", "array_intersect([1, 2, 3, 4], [5, 6, 7, 8])", "[]");
        ex("array_except", "array_except([1, 2, 3, 4], [5, 6, 3, 4])", "[1, 2]");
        ex("array_pop_back", "array_pop_back([1, 2, 3])", "[1, 2]");
        ex("array_pop_front", "array_pop_front([1, 2, 3])", "[2, 3]");
        ex("array_repeat", "array_repeat(1, 3)", "[1, 1, 1]");
        ex("array_repeat", "array_repeat([1, 2], 2)", "[[1, 2], [1, 2]]");
        ex("array_resize", "array_resize([1, 2, 3], 5, 0)", "[1, 2, 3, 0, 0]");
        ex("array_resize", "array_resize([1, 2, 3], 2)", "[1, 2]");
        ex("flatten", "flatten([[1, 2], [3, 4]])", "[1, 2, 3, 4]");
        ex("array_to_string", "array_to_string([[1, 2, 3, 4], [5, 6, 7, 8]], ',')", "1,2,3,4,5,6,7,8");
        ex("array_to_string", "array_to_string([1, NULL, 3], '-')", "1-3");
        ex("array_to_string", "array_to_string([1, NULL, 3], '-', '*')", "1-*-3");
        ex("array_to_string", "array_to_string([DATE '2024-01-02'], ',')", "2024-01-02");
        ex("string_to_array", "string_to_array('abc##def', '##')", "[abc, def]");
        ex("string_to_array", "string_to_array('abc def', ' ', 'def')", "[abc, NULL]");
        ex("string_to_array", "string_to_array('abc', CAST(NULL AS VARCHAR))", "[a, b, c]");
        ex("range", "range(2, 10, 3)", "[2, 5, 8]");
        ex("range", "range(3)", "[0, 1, 2]");
        ex("generate_series", "generate_series(1, 3)", "[1, 2, 3]");
        ex("generate_series", "generate_series(3, 1, -1)", "[3, 2, 1]");
        ex("array_distance", "array_distance([1, 2], [1, 4])", "2.0");
        for (Pinned p : PINNED) {
            if (p.section().equals(array)) {
                aliasExamples(p);
            }
        }

        // ---- structs and other
        ex("named_struct", "named_struct('a', 1, 'b', 'x')", "{a: 1, b: x}");
        ex("struct", "struct(1, 'x')", "{c0: 1, c1: x}");
        ex("get_field", "get_field(named_struct('a', 1, 'b', 'x'), 'b')", "x");
        ex("get_field", "named_struct('a', 1, 'b', 'x')['a']", "1");
        ex("arrow_typeof", "arrow_typeof('foo')", "Utf8");
        ex("arrow_typeof", "arrow_typeof(CAST(1 AS BIGINT))", "Int64");
        ex("arrow_typeof", "arrow_typeof(TIMESTAMP '2024-01-01 00:00:00')", "Timestamp(Nanosecond, None)");
        ex("arrow_typeof", "arrow_typeof(CAST(1.5 AS DECIMAL(10, 2)))", "Decimal128(10, 2)");
        ex("arrow_cast", "arrow_cast(-5, 'Int8')", "-5");
        ex("arrow_cast", "arrow_typeof(arrow_cast(-5, 'Int8'))", "Int8");
        ex("arrow_cast", "arrow_cast('2023-01-02T12:53:02', 'Timestamp(Microsecond, None)')", "2023-01-02 12:53:02");
        ex("arrow_cast", "arrow_cast('foo', 'Dictionary(Int32, Utf8)')", "foo");
        ex("version", "version() LIKE 'Wadi %'", "true");
    }
}
