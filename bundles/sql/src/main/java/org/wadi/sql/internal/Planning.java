package org.wadi.sql.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.plan.UnionOperator;
import org.wadi.spi.plan.UnnestOperator;
import org.wadi.spi.plan.UpdatingAggregateOperator;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.sql.Diagnostic;
import org.wadi.sql.PlanResult;
import org.wadi.sql.internal.parser.SqlColumnDeclaration;
import org.wadi.sql.internal.parser.SqlCreateConnectorTable;
import org.wadi.sql.internal.parser.SqlCreateView;
import org.wadi.sql.internal.parser.SqlPrimaryKeyDeclaration;
import org.wadi.sql.internal.parser.SqlWatermarkDeclaration;
import org.wadi.sql.internal.parser.SqlTableOption;
import org.wadi.sql.internal.parser.impl.WadiSqlParserImpl;

/**
 * One run of the planner over one query text: parses the statements, resolves the tables through
 * their connectors, then validates, optimises and translates each INSERT or SELECT into nodes of
 * one {@link DataflowPlan}. Not thread-safe; made afresh for every call.
 *
 * <p>Each table read gets one source node (with a Calc for generated columns or the event time,
 * and a watermark node where time matters), shared by all statements reading it; each table
 * written gets one sink node, shared by all statements writing it (its inputs are a union); a bare
 * SELECT gets a sink of its own on the {@code preview} connector. Relational operators become
 * Calc, window and updating aggregates, window, interval and updating joins, lookup joins, window
 * functions and unions; rows carry their event time last ({@code _timestamp}), and updating rows
 * their row kind before it ({@code _op}).
 */
final class Planning {

    private static final Logger LOG = LoggerFactory.getLogger(Planning.class);

    static final String PREVIEW_CONNECTOR = "preview";

    /** The connector name memory tables (declared without one) carry in the plan's descriptions. */
    static final String MEMORY_CONNECTOR = "memory";

    /** Arroyo's default {@code updating_ttl}: one day. */
    static final long DEFAULT_UPDATING_TTL_NANOS = 24L * 3600 * 1_000_000_000L;

    /** Filter and projection into one Calc per chain: the engine's Calc operator does both. */
    private static final HepProgram OPTIMISE = new HepProgramBuilder()
            // window functions (OVER) into a Window of their own, below the projection using them
            .addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)
            .addRuleInstance(CoreRules.FILTER_TO_CALC)
            .addRuleInstance(CoreRules.PROJECT_TO_CALC)
            // never into a Calc that unnests: a condition above an unnest filters its rows (Arroyo's
            // unnest_in_view), and merged it would become a WHERE evaluated before it
            .addRuleInstance(org.apache.calcite.rel.rules.CalcMergeRule.Config.DEFAULT
                    .withOperandSupplier(b0 -> b0.operand(Calc.class).oneInput(b1 -> b1.operand(Calc.class)
                            .predicate(c -> !unnests(c)).anyInputs()))
                    .as(org.apache.calcite.rel.rules.CalcMergeRule.Config.class).toRule())
            .build();

    /** Whether a Calc computes {@code unnest(…)}. */
    private static boolean unnests(Calc calc) {
        return calc.getProgram().getExprList().stream().anyMatch(e -> e instanceof org.apache.calcite.rex.RexCall call
                && call.getOperator().getName().equalsIgnoreCase("unnest"));
    }

    /**
     * Before forming Calcs: WHERE conditions into the joins below them and each side's own
     * conditions (and computed keys) into that side, so that joins match on columns and filter early.
     */
    private static final HepProgram JOINS = new HepProgramBuilder()
            .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
            .addRuleInstance(CoreRules.JOIN_CONDITION_PUSH)
            .addRuleInstance(CoreRules.JOIN_PUSH_EXPRESSIONS)
            .build();

    private final String sql;
    private final int parallelism;
    private final ConnectorLookup connectors;
    private final FileAccess files;
    private final List<Diagnostic> errors = new ArrayList<>();
    /** User-defined functions: registered services and the pipeline's Java source functions. */
    private final SqlOperatorTable userFunctions;

    private final JavaTypeFactory typeFactory = new WadiTypeFactory();
    private final CalciteSchema root = CalciteSchema.createRootSchema(false, false);
    private final CalciteCatalogReader catalogReader;

    private final Map<String, ConnectorTable> tables = new LinkedHashMap<>();
    /** Tables whose definition failed: statements using them are skipped, the definition's error says why. */
    private final Set<String> brokenTables = new HashSet<>();
    /** Saved connection profiles and tables (set by {@link #withCatalog}). */
    private SavedConnections saved = SavedConnections.NONE;

    private final List<PlanNode> nodes = new ArrayList<>();
    private final List<PlanEdge> edges = new ArrayList<>();
    private final Map<String, Out> sourceNodes = new HashMap<>();
    private final Map<String, String> sinkNodes = new HashMap<>();
    /** Per table written, whether its rows are updating. */
    private final Map<String, Boolean> sinkUpdating = new HashMap<>();
    private int nextId = 1;
    /** Source node id → its watermark node. */
    private final Map<String, Out> watermarkNodes = new HashMap<>();
    /** Tables' {@code idle_micros}, in nanoseconds. */
    private final Map<String, Long> idleNanos = new HashMap<>();
    /** Tables' {@code event_time_field}: the column that is their rows' event time. */
    private final Map<String, Integer> eventTimeFields = new HashMap<>();
    /** Tables' watermark delay ({@code WATERMARK FOR ts AS ts - INTERVAL …}), in nanoseconds. */
    private final Map<String, Long> watermarkDelays = new HashMap<>();
    /**
     * Tables with generated columns: the optimised query computing all their columns (and the event
     * time) from the connector's table, which is registered under {@link #physicalName}.
     */
    private final Map<String, RelNode> generatedTables = new HashMap<>();
    /** Tables registered only for planning (a table's connector columns before its generated ones). */
    private final Map<String, ConnectorTable> hiddenTables = new HashMap<>();
    /** Lookup tables' primary-key columns (indexes into their schema). */
    private final Map<String, List<Integer>> lookupKeys = new HashMap<>();
    /** Memory tables (no connector): the node whose rows are written into each, once written. */
    private final Set<String> memoryTables = new HashSet<>();
    private final Map<String, Out> memoryWrites = new HashMap<>();
    /** {@code CREATE TABLE … AS query} whose connector table is made once the query's columns are known. */
    private final Map<String, SqlCreateConnectorTable> pendingTables = new HashMap<>();
    /** Views: their queries, copied into every query reading them. */
    private final Map<String, SqlNode> views = new HashMap<>();
    /** Above 0 while translating a window aggregate's input: sources are read through their watermark node. */
    private int windowDepth;
    /** {@code SET updating_ttl}: how long updating joins and aggregates keep a key without news (Arroyo's default: 24 h). */
    private long updatingTtlNanos = DEFAULT_UPDATING_TTL_NANOS;

    /** A node's id and the schema of the rows it emits. */
    /**
     * A node's id and the schema of the rows it emits. {@code fieldMap} says where each column of
     * the relational expression it computes went in {@code schema} ({@code null}: the same place);
     * {@code windowColumn} is the column holding the window of a windowed result (-1 if none) and
     * {@code window} that window.
     */
    private record Out(String id, Schema schema, int[] fieldMap, int windowColumn, WindowSpec window) {

        Out(String id, Schema schema) {
            this(id, schema, null, -1, null);
        }

        boolean updating() {
            return schema.isUpdating();
        }

        /** The plan column of relational field {@code i}. */
        int column(int i) {
            return fieldMap == null ? i : fieldMap[i];
        }

        /** The position of relational field {@code i} among the columns a join copies (all but {@code _op}). */
        int sideIndex(int i) {
            int c = column(i);
            return updating() && c > schema.size() - 2 ? c - 1 : c;
        }

        /** The columns a join copies from this input: all but {@code _op}. */
        List<Field> sideColumns() {
            return schema.fields().stream().filter(f -> !f.name().equals(Schema.OP_FIELD)).toList();
        }
    }

    /** Where the fields of a relational expression of {@code n} fields go in an updating schema: {@code _op} before the last. */
    private static int[] updatingMap(int n) {
        int[] map = new int[n];
        for (int i = 0; i < n; i++) {
            map[i] = i == n - 1 ? n : i;
        }
        return map;
    }

    /** A validated query and its relational form. */
    private record Query(SqlNode validated, RelNode rel, RelOptCluster cluster) {
    }

    Planning(String sql, int parallelism, ConnectorLookup connectors, FileAccess files) {
        this(sql, parallelism, connectors, files, null);
    }

    /** @param userFunctions the user-defined functions the query may call; {@code null} for none */
    Planning(String sql, int parallelism, ConnectorLookup connectors, FileAccess files, SqlOperatorTable userFunctions) {
        this.userFunctions = userFunctions != null ? userFunctions : SqlOperatorTables.of();
        this.sql = sql;
        this.parallelism = parallelism;
        this.connectors = connectors;
        this.files = files;
        for (Map.Entry<String, SqlTypeName> alias : Types.ALIASES.entrySet()) {
            root.add(alias.getKey(), f -> f.createSqlType(alias.getValue()));
        }
        Properties props = new Properties();
        props.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
        catalogReader = new CalciteCatalogReader(root, List.of(), typeFactory, new CalciteConnectionConfigImpl(props));
    }

    /** The parser configuration of Wadi's dialect. */
    static SqlParser.Config parserConfig() {
        return SqlParser.config()
                .withParserFactory(WadiSqlParserImpl.FACTORY)
                .withQuoting(Quoting.DOUBLE_QUOTE)
                // Arroyo's rule: unquoted identifiers fold to lower case, quoted ones are kept
                .withUnquotedCasing(Casing.TO_LOWER)
                .withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(true)
                .withConformance(WadiConformance.INSTANCE);
    }

    /** Plans with the saved connection profiles and tables of {@code catalog} ({@code null}: none). */
    Planning withCatalog(org.wadi.spi.connector.ConnectionCatalog catalog) {
        saved = catalog == null ? SavedConnections.NONE : new SavedConnections(catalog);
        return this;
    }

    PlanResult run() {
        if (parallelism < 1) {
            return new PlanResult(null, List.of(new Diagnostic(
                    "parallelism must be at least 1, was " + parallelism, null)));
        }
        Diagnostic tooDeep = Nesting.check(sql);
        if (tooDeep != null) {
            return new PlanResult(null, List.of(tooDeep));
        }
        SqlNodeList statements;
        try {
            statements = SqlParser.create(ArroyoIntervals.normalize(sql), parserConfig()).parseStmtList();
        } catch (SqlParseException e) {
            if (e.getCause() instanceof StackOverflowError) {
                return new PlanResult(null, List.of(Nesting.overflow(sql, "parse")));
            }
            return new PlanResult(null, List.of(Diagnostics.parse(e, sql)));
        } catch (CalciteContextException e) {
            return new PlanResult(null, List.of(Diagnostics.context(e)));
        }

        saved.defineReferenced(statements, this::defined, this::guard, c -> createTable(c, null));
        List<SqlNode> queries = new ArrayList<>();
        for (SqlNode statement : statements) {
            if (statement instanceof SqlCreateConnectorTable create && create.query() != null) {
                guard(statement, () -> createTableAs(create, queries));
            } else if (statement instanceof SqlCreateConnectorTable create) {
                guard(statement, () -> createTable(create, null));
            } else if (statement instanceof SqlCreateView view) {
                guard(statement, () -> createView(view));
            } else if (statement instanceof org.apache.calcite.sql.SqlSetOption set) {
                guard(statement, () -> setOption(set));
            } else if (statement instanceof SqlInsert || statement.isA(SqlKind.QUERY)) {
                queries.add(statement);
            } else {
                errors.add(Diagnostics.at(statementName(statement) + " statements are not supported",
                        statement.getParserPosition()));
            }
        }
        if (queries.isEmpty() && errors.isEmpty()) {
            errors.add(new Diagnostic("The query has no INSERT or SELECT statement: there is nothing to run", null));
        }
        // memory tables are written before they are read: their INSERTs first, in order
        List<SqlNode> ordered = new ArrayList<>();
        for (SqlNode query : queries) {
            if (query instanceof SqlInsert insert && insert.getTargetTable() instanceof SqlIdentifier target
                    && target.isSimple() && memoryTables.contains(target.getSimple())) {
                ordered.add(query);
            }
        }
        for (SqlNode query : queries) {
            if (!ordered.contains(query)) {
                ordered.add(query);
            }
        }
        int previews = 0;
        for (SqlNode query : ordered) {
            if (query instanceof SqlInsert insert) {
                guard(query, () -> planInsert(insert));
            } else {
                int preview = ++previews;
                guard(query, () -> planPreview(query, preview));
            }
        }
        if (!errors.isEmpty()) {
            return new PlanResult(null, errors);
        }
        return new PlanResult(new DataflowPlan(topologicalOrder(), edges), List.of());
    }

    /** {@code SET updating_ttl = interval '…'}: the state TTL of the updating operators planned after it. */
    private void setOption(org.apache.calcite.sql.SqlSetOption set) {
        String name = set.getName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.equals("updating_ttl")) {
            throw new UnsupportedException("Unknown setting '" + name + "'; supported: updating_ttl",
                    set.getName().getParserPosition());
        }
        SqlNode value = set.getValue();
        long nanos = -1;
        if (value instanceof org.apache.calcite.sql.SqlIntervalLiteral lit) {
            var v = lit.getValueAs(org.apache.calcite.sql.SqlIntervalLiteral.IntervalValue.class);
            if (!v.getIntervalQualifier().isYearMonth() && v.getSign() > 0) {
                nanos = intervalNanos(v, value.getParserPosition());
            }
        }
        if (nanos <= 0) {
            throw new UnsupportedException("updating_ttl must be a positive interval of days, hours, minutes or "
                    + "seconds, as in SET updating_ttl = interval '1 hour'", value.getParserPosition());
        }
        updatingTtlNanos = nanos;
    }

    /** Runs one statement's work, turning every failure into a diagnostic for that statement. */
    private void guard(SqlNode statement, Runnable work) {
        try {
            work.run();
        } catch (UnsupportedException e) {
            errors.add(Diagnostics.at(e.getMessage(), e.pos() != null ? e.pos() : statement.getParserPosition()));
        } catch (CalciteContextException e) {
            errors.add(Diagnostics.context(e));
        } catch (StackOverflowError e) {
            errors.add(Diagnostics.at(TOO_DEEP, statement.getParserPosition()));
        } catch (RuntimeException e) {
            if (overflowed(e)) {
                // Calcite's reflective conversion wraps an overflow deep in an expression
                errors.add(Diagnostics.at(TOO_DEEP, statement.getParserPosition()));
                return;
            }
            LOG.warn("planning failed on a statement", e);
            errors.add(Diagnostics.at("This statement could not be planned: " + e, statement.getParserPosition()));
        } catch (AssertionError e) {
            // a planner bug (Calcite checks its invariants with assertions where they are enabled): the
            // statement gets an error and the log the trace, and plan() still answers
            LOG.warn("planning failed on a statement", e);
            errors.add(Diagnostics.at("This statement could not be planned: " + e, statement.getParserPosition()));
        }
    }

    private static final String TOO_DEEP = "This statement is nested or chained too deeply to plan: write long "
            + "chains of operators and nested expressions in smaller parts, for example with a WITH clause or a view";

    /**
     * Whether a stack overflow is among the causes of {@code e}: Calcite's reflective conversion wraps
     * one in two exceptions per level of the expression it was converting, a chain as deep as that.
     */
    static boolean overflowed(Throwable e) {
        Throwable t = e;
        for (int i = 0; t != null && i < 1_000_000; i++, t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StackOverflowError) {
                return true;
            }
        }
        return false;
    }

    private static String statementName(SqlNode statement) {
        return switch (statement.getKind()) {
            case SET_OPTION -> "SET";
            case EXPLAIN -> "EXPLAIN";
            case DELETE -> "DELETE";
            case UPDATE -> "UPDATE";
            case MERGE -> "MERGE";
            case DESCRIBE_SCHEMA, DESCRIBE_TABLE -> "DESCRIBE";
            default -> statement.getKind().sql;
        };
    }

    // ---------------------------------------------------------------- CREATE TABLE

    /**
     * {@code CREATE TABLE}: resolves the table through its connector (with the declared columns
     * but the generated ones, and the primary key), or makes a memory table when it names none.
     * {@code columns}, when given, are the columns of a {@code CREATE TABLE … AS query}.
     */
    private void createTable(SqlCreateConnectorTable create, Schema columns) {
        SqlIdentifier id = create.name();
        if (!id.isSimple()) {
            throw new UnsupportedException("Table names must be simple names, not '" + id + "'",
                    id.getParserPosition());
        }
        String name = id.getSimple();
        if (columns == null && defined(name)) {
            if (create.ifNotExists()) {
                return;
            }
            if (!create.getReplace()) {
                throw new UnsupportedException("Table '" + name + "' is already defined", id.getParserPosition());
            }
        }
        brokenTables.add(name);
        tables.remove(name);
        views.remove(name);
        generatedTables.remove(name);
        lookupKeys.remove(name);
        memoryTables.remove(name);
        watermarkDelays.remove(name);

        Map<String, String> options = new LinkedHashMap<>();
        SqlTableOption connectorOption = null;
        for (SqlTableOption option : create.options()) {
            if (options.put(option.key(), option.value()) != null) {
                throw new UnsupportedException("Option '" + option.key() + "' of table '" + name + "' is given twice",
                        option.getParserPosition());
            }
            if (option.key().equals("connector")) {
                connectorOption = option;
            }
        }
        if (!create.partitionedBy().isEmpty()) {
            if (options.containsKey(PartitionClause.OPTION)) {
                throw new UnsupportedException("Table '" + name + "' is partitioned twice: by PARTITIONED BY and by the "
                        + "option '" + PartitionClause.OPTION + "'; keep one", optionPos(create, PartitionClause.OPTION));
            }
            options.put(PartitionClause.OPTION, PartitionClause.text(create.partitionedBy()));
        }
        saved.mergeProfile(create, name, options);
        String connectorName = options.remove("connector");
        // event-time options are the planner's, not the connector's
        String idle = options.remove("idle_micros");
        if (idle != null) {
            long micros;
            try {
                micros = Long.parseLong(idle.trim());
            } catch (NumberFormatException e) {
                micros = -1;
            }
            if (micros < 0) {
                throw new UnsupportedException("Invalid value '" + idle + "' for option 'idle_micros' of table '" + name
                        + "': expected a whole number of microseconds, 0 or more", optionPos(create, "idle_micros"));
            }
            idleNanos.put(name, micros * 1000);
        } else {
            idleNanos.remove(name);
        }
        String eventTimeField = options.remove("event_time_field");
        String watermarkField = options.remove("watermark_field");
        if (create.watermarks().size() > 1) {
            throw new UnsupportedException("Table '" + name + "' has more than one WATERMARK FOR",
                    create.watermarks().get(1).getParserPosition());
        }
        SqlWatermarkDeclaration watermark = create.watermarks().isEmpty() ? null : create.watermarks().get(0);
        List<String> primaryKey = primaryKey(create);
        boolean temporary = create.temporary();

        // the connector's columns: all but the generated ones (a lookup table's metadata('key') column
        // is its key, which the connector serves)
        List<SqlColumnDeclaration> physical = new ArrayList<>();
        Map<String, SqlNode> generated = new LinkedHashMap<>();
        // columns the connector fills from its metadata: METADATA FROM 'k', or Arroyo's older
        // GENERATED ALWAYS AS (metadata('k')) STORED
        Map<String, String> metadata = new LinkedHashMap<>();
        for (SqlColumnDeclaration column : create.columns()) {
            String columnName = column.name().getSimple();
            String metadataKey = column.metadataKey() != null ? column.metadataKey()
                    : column.generated() != null ? metadataKeyOf(column.generated()) : null;
            if (metadataKey != null && connectorName == null) {
                throw new UnsupportedException("Column '" + columnName + "' of table '" + name + "' is read from the "
                        + "connector's metadata ('" + metadataKey + "'), which a memory table does not have",
                        (column.metadataKey() != null ? column.metadataKeyNode() : column.generated())
                                .getParserPosition());
            }
            if (metadataKey != null) {
                metadata.put(columnName, metadataKey);
                physical.add(column);
            } else if (column.generated() == null) {
                physical.add(column);
            } else if (temporary || connectorName == null) {
                throw new UnsupportedException("Column '" + columnName + "' of " + (temporary ? "lookup" : "memory")
                        + " table '" + name + "' cannot be GENERATED: " + (temporary
                        ? "a lookup table's rows are what its connector serves, only its key may be "
                        + "GENERATED ALWAYS AS (metadata('key'))" : "a memory table's rows are what is inserted"),
                        column.generated().getParserPosition());
            } else {
                generated.put(columnName, column.generated());
            }
        }
        Schema declared = declaredColumns(physical);
        if (columns != null) {
            declared = columns;
        }

        ConnectorTable table;
        if (connectorName == null) {
            if (temporary) {
                throw new UnsupportedException("Lookup table '" + name + "' has no 'connector' option. Available "
                        + "connectors: " + available(), create.getParserPosition());
            }
            if (declared.size() == 0) {
                throw new UnsupportedException("Table '" + name + "' has neither a 'connector' option nor columns: "
                        + "a memory table (one without a connector) needs its columns declared. Available "
                        + "connectors: " + available(), create.getParserPosition());
            }
            if (!options.isEmpty() || eventTimeField != null || watermarkField != null || watermark != null) {
                throw new UnsupportedException("Memory table '" + name + "' (it has no 'connector') takes no options "
                        + "and no WATERMARK: its rows and event times are those inserted into it",
                        create.getParserPosition());
            }
            table = new ConnectorTable(name, MEMORY_CONNECTOR, Map.of(), declared,
                    Set.of(TableRole.SOURCE, TableRole.SINK), false);
            memoryTables.add(name);
        } else {
            Connector connector = connectors.find(connectorName);
            if (connector == null) {
                throw new UnsupportedException("Unknown connector '" + connectorName + "'. Available connectors: "
                        + available(), connectorOption.getParserPosition());
            }
            if (temporary && !options.containsKey("type")) {
                // Arroyo's temporary tables are its lookup tables
                options.put("type", "lookup");
            }
            if (!temporary) {
                // a lookup table's metadata('key') is its key, which the connector serves
                checkMetadata(create, name, connectorName, connector, metadata, declared);
            }
            try {
                table = connector.table(new TableRequest(name, declared, new Options(connectorName, options), files,
                        primaryKey, metadata));
            } catch (ConnectorException e) {
                throw new UnsupportedException(e.getMessage(), create.getParserPosition());
            } catch (RuntimeException e) {
                // a connector's bug, not the user's: say which connector, keep the trace in the log
                LOG.warn("Connector '{}' failed on table '{}'", connectorName, name, e);
                throw new UnsupportedException("Connector '" + connectorName + "' failed to define table '" + name
                        + "': " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                        create.getParserPosition());
            }
            if (table == null) {
                throw new UnsupportedException("Connector '" + connectorName + "' resolved no table for '" + name
                        + "'", create.getParserPosition());
            }
        }
        if (table.schema().indexOf(Schema.TIMESTAMP_FIELD) >= 0) {
            throw new UnsupportedException("Table '" + name + "' has a column named '" + Schema.TIMESTAMP_FIELD
                    + "', which is reserved for the event time", create.getParserPosition());
        }
        // the connector's schema must be one the planner can type; fail here, at the definition
        Types.rowType(typeFactory, table.schema());
        if (temporary && !table.roles().contains(TableRole.LOOKUP)) {
            throw new UnsupportedException("Table '" + name + "' is TEMPORARY, a lookup table, but connector '"
                    + connectorName + "' does not serve lookups", create.getParserPosition());
        }
        if (table.roles().contains(TableRole.LOOKUP)) {
            if (primaryKey.isEmpty()) {
                throw new UnsupportedException("Lookup table '" + name + "' needs a PRIMARY KEY: the column its rows "
                        + "are looked up by, as in key TEXT PRIMARY KEY", create.getParserPosition());
            }
            List<Integer> keys = new ArrayList<>();
            for (String k : primaryKey) {
                keys.add(table.schema().indexOf(k));
            }
            lookupKeys.put(name, keys);
        }

        ConnectorTable logical = table;
        if (!generated.isEmpty()) {
            logical = withGenerated(create, table, generated);
        }
        Integer eventTime = eventTime(create, logical, eventTimeField, watermark);
        eventTimeFields.remove(name);
        if (eventTime != null) {
            eventTimeFields.put(name, eventTime);
        }
        Long delay = watermarkDelay(create, logical, eventTime, watermark, watermarkField, generated);
        if (delay != null) {
            watermarkDelays.put(name, delay);
        }
        brokenTables.remove(name);
        tables.put(name, logical);
        root.add(name, new PlanningTable(logical));
    }

    /** Whether a table or view of this name is defined (or its definition failed). */
    private boolean defined(String name) {
        return tables.containsKey(name) || brokenTables.contains(name) || views.containsKey(name)
                || pendingTables.containsKey(name);
    }

    /** The declared primary key: {@code col … PRIMARY KEY} on columns, or one {@code PRIMARY KEY (…)}. */
    private static List<String> primaryKey(SqlCreateConnectorTable create) {
        List<String> key = new ArrayList<>();
        for (SqlColumnDeclaration column : create.columns()) {
            if (column.primaryKey()) {
                key.add(column.name().getSimple());
            }
        }
        List<SqlPrimaryKeyDeclaration> clauses = create.primaryKeys();
        if (!clauses.isEmpty() && (!key.isEmpty() || clauses.size() > 1)) {
            throw new UnsupportedException("Table '" + create.name() + "' declares its PRIMARY KEY more than once",
                    clauses.get(clauses.size() - 1).getParserPosition());
        }
        Set<String> names = new HashSet<>();
        create.columns().forEach(c -> names.add(c.name().getSimple()));
        for (SqlPrimaryKeyDeclaration clause : clauses) {
            for (SqlIdentifier column : clause.columns()) {
                if (!names.contains(column.getSimple())) {
                    throw new UnsupportedException("PRIMARY KEY column '" + column.getSimple() + "' is not a column "
                            + "of table '" + create.name() + "'", column.getParserPosition());
                }
                key.add(column.getSimple());
            }
        }
        return key;
    }

    /** {@code metadata('key')}: Arroyo's way of declaring a lookup table's key column. */
    /** The key of {@code metadata('k')}, or null when the expression is something else. */
    private static String metadataKeyOf(SqlNode expression) {
        return expression instanceof SqlCall call && call.getOperator().getName().equalsIgnoreCase("metadata")
                && call.operandCount() == 1
                && call.operand(0) instanceof org.apache.calcite.sql.SqlCharStringLiteral key
                ? key.getValueAs(String.class) : null;
    }

    /**
     * Checks a table's metadata columns against the keys its connector declares
     * ({@link org.wadi.spi.connector.ConnectorMetadata#metadataKeys}): each key must be one of them,
     * and the column of its type.
     */
    private static void checkMetadata(SqlCreateConnectorTable create, String table, String connectorName,
            Connector connector, Map<String, String> metadata, Schema declared) {
        Map<String, DataType> keys = connector.metadata().metadataKeys();
        for (SqlColumnDeclaration column : create.columns()) {
            String columnName = column.name().getSimple();
            String key = metadata.get(columnName);
            if (key == null) {
                continue;
            }
            SqlParserPos pos = (column.metadataKey() != null ? column.metadataKeyNode() : column.generated())
                    .getParserPosition();
            DataType type = keys.get(key);
            if (type == null) {
                throw new UnsupportedException("connector " + connectorName + " has no metadata key '" + key
                        + "'; it has: " + (keys.isEmpty() ? "none" : String.join(", ", keys.keySet()))
                        + " (column '" + columnName + "' of table '" + table + "')", pos);
            }
            int index = declared.indexOf(columnName);
            DataType declaredType = index < 0 ? null : declared.fields().get(index).type();
            if (declaredType != null && !declaredType.equals(type)) {
                throw new UnsupportedException("incorrect data type for metadata field '" + key + "' of table '"
                        + table + "': expected " + Types.sqlName(type) + ", but column '" + columnName + "' is "
                        + Types.sqlName(declaredType), pos);
            }
        }
    }

    /**
     * A table with generated columns: the connector's table is registered under a hidden name, and
     * the table users see is a query over it computing every declared column in order (a Calc
     * after the source, translated where the table is read).
     */
    private ConnectorTable withGenerated(SqlCreateConnectorTable create, ConnectorTable table,
            Map<String, SqlNode> generated) {
        String name = table.name();
        if ("debezium_json".equals(table.option("format"))) {
            throw new UnsupportedException("Table '" + name + "' reads updating rows (format 'debezium_json'), which "
                    + "cannot have GENERATED columns", create.getParserPosition());
        }
        String hidden = physicalName(name);
        hiddenTables.put(hidden, table);
        root.add(hidden, new PlanningTable(table));
        List<SqlNode> items = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SqlColumnDeclaration column : create.columns()) {
            String columnName = column.name().getSimple();
            SqlNode expression = generated.get(columnName);
            SqlIdentifier alias = new SqlIdentifier(columnName, SqlParserPos.ZERO);
            items.add(expression == null ? alias
                    : SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, expression, alias));
            names.add(columnName);
        }
        SqlSelect select = new SqlSelect(create.getParserPosition(), null, new SqlNodeList(items, SqlParserPos.ZERO),
                new SqlIdentifier(hidden, SqlParserPos.ZERO), null, null, null, null, null, null, null, null);
        Query query = prepare(select);
        List<RelDataTypeField> produced = visibleFields(query);
        RexBuilder rex = query.cluster().getRexBuilder();
        List<RexNode> refs = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < produced.size(); i++) {
            RelDataTypeField f = produced.get(i);
            refs.add(rex.makeInputRef(query.rel(), i));
            DataType type;
            try {
                type = Types.toWadi(f.getType());
            } catch (UnsupportedException e) {
                throw new UnsupportedException(e.getMessage() + " (column '" + names.get(i) + "')",
                        create.getParserPosition());
            }
            fields.add(new Field(names.get(i), type, f.getType().isNullable()));
        }
        generatedTables.put(name, withTimestamp(query, refs, names));
        return new ConnectorTable(name, table.connector(), table.options(), new Schema(fields), table.roles(),
                table.bounded());
    }

    /** The hidden name of a table's connector columns when it has generated ones. */
    private static String physicalName(String table) {
        return table + "#source";
    }

    /** The event-time column: {@code WATERMARK FOR} or {@code event_time_field} (which must agree), or null. */
    private static Integer eventTime(SqlCreateConnectorTable create, ConnectorTable table, String eventTimeField,
            SqlWatermarkDeclaration watermark) {
        String name = table.name();
        String field = eventTimeField;
        SqlParserPos pos = optionPos(create, "event_time_field");
        String what = "Option 'event_time_field'";
        if (watermark != null) {
            String column = watermark.column().getSimple();
            if (field != null && !field.equals(column)) {
                throw new UnsupportedException("Table '" + name + "' has two event times: WATERMARK FOR " + column
                        + " and event_time_field = '" + field + "'", pos);
            }
            field = column;
            pos = watermark.column().getParserPosition();
            what = "WATERMARK FOR";
        }
        if (field == null) {
            return null;
        }
        int column = table.schema().indexOf(field);
        if (column < 0 || table.schema().field(column).type().id() != org.wadi.spi.types.TypeId.TIMESTAMP) {
            throw new UnsupportedException(what + " of table '" + name + "' must name a TIMESTAMP column; "
                    + (column < 0 ? "there is no column '" + field + "'"
                    : "'" + field + "' is " + table.schema().field(column).type()), pos);
        }
        return column;
    }

    /**
     * How far the watermark trails the event time: {@code WATERMARK FOR ts} (none), {@code WATERMARK
     * FOR ts AS ts - INTERVAL …}, or {@code watermark_field} naming such a column; {@code null} for
     * the default. The engine's watermarks are a delay behind the largest event time seen, so other
     * expressions cannot be planned.
     */
    private Long watermarkDelay(SqlCreateConnectorTable create, ConnectorTable table, Integer eventTime,
            SqlWatermarkDeclaration watermark, String watermarkField, Map<String, SqlNode> generated) {
        String name = table.name();
        if (watermark != null && watermarkField != null) {
            throw new UnsupportedException("Table '" + name + "' has both WATERMARK FOR and option 'watermark_field'",
                    optionPos(create, "watermark_field"));
        }
        if (watermark != null) {
            return watermark.expression() == null ? 0L
                    : delayBehind(watermark.expression(), watermark.column().getSimple(), name);
        }
        if (watermarkField == null) {
            return null;
        }
        SqlParserPos pos = optionPos(create, "watermark_field");
        if (eventTime == null) {
            throw new UnsupportedException("Option 'watermark_field' of table '" + name + "' needs the event time "
                    + "it follows: set event_time_field too (or write WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)",
                    pos);
        }
        String time = table.schema().field(eventTime).name();
        if (watermarkField.equals(time)) {
            return 0L;
        }
        SqlNode expression = generated.get(watermarkField);
        if (expression == null) {
            throw new UnsupportedException("Option 'watermark_field' of table '" + name + "' must name the event "
                    + "time column or a column GENERATED ALWAYS AS (" + time + " - INTERVAL …): the watermark trails "
                    + "the largest event time seen by a fixed delay", pos);
        }
        return delayBehind(expression, time, name);
    }

    /**
     * A day-time interval literal in nanoseconds. Its text is checked here, where it is read before
     * any validation: {@code INTERVAL '1''1' SECOND} is no interval.
     */
    private static long intervalNanos(org.apache.calcite.sql.SqlIntervalLiteral.IntervalValue v, SqlParserPos pos) {
        try {
            return Math.multiplyExact(org.apache.calcite.sql.parser.SqlParserUtil.intervalToMillis(v), 1_000_000L);
        } catch (ArithmeticException e) {
            throw new UnsupportedException("The interval '" + v.getIntervalLiteral() + "' is too long: at most about "
                    + "106,751 days", pos);
        } catch (RuntimeException e) {
            throw new UnsupportedException("Invalid interval '" + v.getIntervalLiteral() + "' "
                    + v.getIntervalQualifier() + ": expected a number of " + v.getIntervalQualifier()
                    .timeUnitRange.toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ", as in INTERVAL '5' "
                    + "SECOND or INTERVAL '1 10:00:00' DAY TO SECOND", pos);
        }
    }

    /** The delay of {@code column} or {@code column - INTERVAL …}, in nanoseconds. */
    private static long delayBehind(SqlNode expression, String column, String table) {
        if (expression instanceof SqlIdentifier id && id.isSimple() && id.getSimple().equals(column)) {
            return 0;
        }
        if (expression.getKind() == SqlKind.MINUS && expression instanceof SqlCall call
                && call.operand(0) instanceof SqlIdentifier id && id.isSimple() && id.getSimple().equals(column)
                && call.operand(1) instanceof org.apache.calcite.sql.SqlIntervalLiteral lit) {
            var v = lit.getValueAs(org.apache.calcite.sql.SqlIntervalLiteral.IntervalValue.class);
            if (!v.getIntervalQualifier().isYearMonth() && v.getSign() > 0) {
                return intervalNanos(v, lit.getParserPosition());
            }
        }
        throw new UnsupportedException("The watermark of table '" + table + "' must be its event time minus a "
                + "constant interval of days, hours, minutes or seconds, as in " + column
                + " - INTERVAL '5' SECOND: the engine's watermark trails the largest event time seen by a fixed delay",
                expression.getParserPosition());
    }

    /** {@code CREATE VIEW}: the query, copied into the queries that read the view. */
    private void createView(SqlCreateView view) {
        SqlIdentifier id = view.name();
        if (!id.isSimple()) {
            throw new UnsupportedException("View names must be simple names, not '" + id + "'", id.getParserPosition());
        }
        String name = id.getSimple();
        if (defined(name)) {
            if (view.ifNotExists()) {
                return;
            }
            if (!view.getReplace() || !views.containsKey(name)) {
                throw new UnsupportedException("Table '" + name + "' is already defined", id.getParserPosition());
            }
        }
        WindowTableFunctions.rewrite(view.query(), this::checkWindowTime);
        SupportCheck.checkQuery(view.query());
        views.put(name, view.query());
    }

    /**
     * {@code CREATE TABLE name WITH (…) AS query}: a sink of the query's columns, written by the
     * query (its connector table is made when the query is planned, once its columns are known).
     */
    private void createTableAs(SqlCreateConnectorTable create, List<SqlNode> queries) {
        SqlIdentifier id = create.name();
        if (!id.isSimple()) {
            throw new UnsupportedException("Table names must be simple names, not '" + id + "'",
                    id.getParserPosition());
        }
        if (!create.columns().isEmpty() || !create.watermarks().isEmpty() || !create.primaryKeys().isEmpty()) {
            throw new UnsupportedException("CREATE TABLE … AS SELECT takes its columns from the query: declare none",
                    create.getParserPosition());
        }
        String name = id.getSimple();
        if (defined(name) && !create.getReplace()) {
            if (create.ifNotExists()) {
                return;
            }
            throw new UnsupportedException("Table '" + name + "' is already defined", id.getParserPosition());
        }
        pendingTables.put(name, create);
        queries.add(new SqlInsert(create.getParserPosition(), SqlNodeList.EMPTY, id, create.query(), null));
    }

    private static SqlParserPos optionPos(SqlCreateConnectorTable create, String key) {
        for (SqlTableOption option : create.options()) {
            if (option.key().equals(key)) {
                return option.getParserPosition();
            }
        }
        return create.getParserPosition();
    }

    private String available() {
        Collection<String> names = connectors.names();
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    private Schema declaredColumns(List<SqlColumnDeclaration> columns) {
        List<Field> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        SqlValidator validator = null;
        for (SqlColumnDeclaration column : columns) {
            String columnName = column.name().getSimple();
            if (!seen.add(columnName)) {
                throw new UnsupportedException("Column '" + columnName + "' is declared twice",
                        column.name().getParserPosition());
            }
            if (columnName.equals(Schema.TIMESTAMP_FIELD)) {
                throw new UnsupportedException("The column name '" + Schema.TIMESTAMP_FIELD
                        + "' is reserved for the event time", column.name().getParserPosition());
            }
            if (column.type().getTypeNameSpec() instanceof org.apache.calcite.sql.SqlUserDefinedTypeNameSpec named
                    && named.getTypeName().isSimple() && named.getTypeName().getSimple().equalsIgnoreCase("json")) {
                // Arroyo's JSON: any JSON value, read and written as it is (text to the functions)
                fields.add(new Field(columnName, DataType.JSON, column.nullable()));
                continue;
            }
            if (validator == null) {
                validator = newValidator();
            }
            SupportCheck.checkType(column.type());
            RelDataType type;
            try {
                type = column.type().deriveType(validator, column.nullable());
            } catch (CalciteContextException e) {
                throw new UnsupportedException("Unknown type '" + column.type().getTypeName()
                        + "' of column '" + columnName + "'. Supported types: BOOLEAN, TINYINT, SMALLINT, INT, "
                        + "BIGINT (each also UNSIGNED), REAL, FLOAT, DOUBLE, DECIMAL(p, s), TEXT, VARCHAR, STRING, "
                        + "BYTEA, DATE, TIME, TIMESTAMP", column.type().getParserPosition());
            }
            DataType dataType;
            try {
                dataType = Types.toWadi(type);
            } catch (UnsupportedException e) {
                throw new UnsupportedException(e.getMessage() + " (column '" + columnName + "')",
                        column.type().getParserPosition());
            }
            fields.add(new Field(columnName, dataType, column.nullable()));
        }
        return new Schema(fields);
    }

    // ---------------------------------------------------------------- queries

    private void planInsert(SqlInsert insert) {
        if (!(insert.getTargetTable() instanceof SqlIdentifier target) || !target.isSimple()) {
            throw new UnsupportedException("INSERT needs a table name", insert.getTargetTable().getParserPosition());
        }
        if (insert.getTargetColumnList() != null && !insert.getTargetColumnList().isEmpty()) {
            throw new UnsupportedException("INSERT with a column list is not supported yet: select the table's "
                    + "columns in order", insert.getTargetColumnList().getParserPosition());
        }
        String name = target.getSimple();
        if (brokenTables.contains(name)) {
            return;
        }
        SqlCreateConnectorTable pending = pendingTables.get(name);
        ConnectorTable sink = pending != null ? null : table(name, target.getParserPosition());
        if (sink != null && !sink.roles().contains(TableRole.SINK)) {
            throw new UnsupportedException("Table '" + name + "' (connector '" + sink.connector()
                    + "') cannot be written to: its connector is not a sink", target.getParserPosition());
        }
        if (memoryTables.contains(name) && memoryWrites.containsKey(name)) {
            throw new UnsupportedException("Can only insert into a memory table once: '" + name + "' is already "
                    + "written by an earlier INSERT", target.getParserPosition());
        }
        Query query = prepare(insert.getSource());
        if (query == null) {
            return;
        }
        List<RelDataTypeField> produced = visibleFields(query);
        if (pending != null) {
            // CREATE TABLE … AS query: the sink's columns are the query's
            List<Field> columns = new ArrayList<>();
            for (RelDataTypeField f : produced) {
                columns.add(new Field(f.getName(), Types.toWadi(f.getType()), f.getType().isNullable()));
            }
            pendingTables.remove(name);
            try {
                createTable(pending, new Schema(columns));
            } catch (UnsupportedException e) {
                brokenTables.add(name);
                throw e;
            }
            sink = table(name, target.getParserPosition());
            if (!sink.roles().contains(TableRole.SINK)) {
                throw new UnsupportedException("Table '" + name + "' (connector '" + sink.connector()
                        + "') cannot be written to: its connector is not a sink", target.getParserPosition());
            }
        }
        if (sink.schema().size() == 0) {
            // A sink declared without columns (Arroyo allows it) takes the first INSERT's columns;
            // later INSERTs into it are checked against those.
            List<Field> adopted = new ArrayList<>();
            for (RelDataTypeField f : produced) {
                adopted.add(new Field(f.getName(), Types.toWadi(f.getType()), f.getType().isNullable()));
            }
            sink = new ConnectorTable(sink.name(), sink.connector(), sink.options(), new Schema(adopted),
                    sink.roles(), sink.bounded());
            tables.put(name, sink);
        }
        List<Field> columns = sink.schema().fields();
        if (produced.size() != columns.size()) {
            throw new UnsupportedException("INSERT INTO " + name + ": the query produces " + produced.size()
                    + " columns (" + names(produced) + ") but table '" + name + "' has " + columns.size() + " ("
                    + String.join(", ", columns.stream().map(Field::name).toList()) + ")",
                    insert.getSource().getParserPosition());
        }
        RexBuilder rex = query.cluster().getRexBuilder();
        List<RexNode> exprs = new ArrayList<>();
        List<String> outNames = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Field column = columns.get(i);
            RelDataTypeField from = produced.get(i);
            RelDataType to = typeFactory.createTypeWithNullability(
                    Types.toCalcite(typeFactory, column.type(), true), from.getType().isNullable());
            boolean sameStruct = from.getType().isStruct() && Types.toWadi(from.getType()).equals(column.type());
            if (sameStruct) {
                // Calcite does not assign between row types; the same fields need no conversion
                exprs.add(rex.makeInputRef(query.rel(), i));
                outNames.add(column.name());
                continue;
            }
            if (!SqlTypeUtil.canAssignFrom(to, from.getType())) {
                throw new UnsupportedException("INSERT INTO " + name + ": column '" + from.getName() + "' of type "
                        + typeName(from.getType()) + " cannot be written into column '" + column.name()
                        + "' of type " + column.type(), selectItemPos(query.validated(), i, insert));
            }
            RexNode ref = rex.makeInputRef(query.rel(), i);
            exprs.add(SqlTypeUtil.equalSansNullability(typeFactory, from.getType(), to) ? ref : rex.makeCast(to, ref));
            outNames.add(column.name());
        }
        Out out = translate(withTimestamp(query, exprs, outNames), outNames);
        if (memoryTables.contains(name)) {
            // a memory table's readers read this node's rows
            memoryWrites.put(name, out);
            return;
        }
        if (out.updating()) {
            checkUpdatingSink(sink, target.getParserPosition());
        }
        Boolean updatingBefore = sinkUpdating.putIfAbsent(name, out.updating());
        if (updatingBefore != null && updatingBefore != out.updating()) {
            throw new UnsupportedException("Table '" + name + "' is written both with updating results and with "
                    + "append-only rows; write them into two tables", target.getParserPosition());
        }
        ConnectorTable sinkTable = sink;
        String sinkId = sinkNodes.computeIfAbsent(name,
                n -> add("sink", sinkTable.connector() + " sink", new SinkOperator(sinkTable, out.updating())));
        edges.add(new PlanEdge(out.id(), sinkId, EdgeKind.FORWARD, List.of(), out.schema()));
    }

    /**
     * An updating query's results are a changelog: a sink with a format must write it as Debezium
     * JSON (as Arroyo requires); sinks without a format (preview, blackhole) take changes as they are.
     */
    private static void checkUpdatingSink(ConnectorTable sink, SqlParserPos pos) {
        String format = sink.option("format");
        if (format != null && !format.equals("debezium_json")) {
            throw new UnsupportedException("INSERT INTO " + sink.name() + ": the query produces updating results "
                    + "(an aggregate without a window, or an outer or updating join), which format '" + format
                    + "' cannot express; write them into a table with format = 'debezium_json'", pos);
        }
    }

    private void planPreview(SqlNode select, int index) {
        Query query = prepare(select);
        if (query == null) {
            return;
        }
        List<RelDataTypeField> produced = visibleFields(query);
        RexBuilder rex = query.cluster().getRexBuilder();
        List<RexNode> exprs = new ArrayList<>();
        List<String> outNames = new ArrayList<>();
        List<Field> columns = new ArrayList<>();
        for (int i = 0; i < produced.size(); i++) {
            RelDataTypeField f = produced.get(i);
            exprs.add(rex.makeInputRef(query.rel(), i));
            outNames.add(f.getName());
            columns.add(new Field(f.getName(), Types.toWadi(f.getType()), f.getType().isNullable()));
        }
        Connector preview = connectors.find(PREVIEW_CONNECTOR);
        if (preview == null) {
            throw new UnsupportedException("A SELECT without INSERT shows its rows through the '" + PREVIEW_CONNECTOR
                    + "' connector, which is not installed. Available connectors: " + available(),
                    select.getParserPosition());
        }
        String tableName = index == 1 ? PREVIEW_CONNECTOR : PREVIEW_CONNECTOR + "_" + index;
        ConnectorTable table;
        try {
            table = preview.table(new TableRequest(tableName, new Schema(columns),
                    new Options(PREVIEW_CONNECTOR, Map.of()), files));
        } catch (ConnectorException e) {
            throw new UnsupportedException(e.getMessage(), select.getParserPosition());
        }
        Out out = translate(withTimestamp(query, exprs, outNames), outNames);
        String sinkId = add("sink", "preview sink", new SinkOperator(table, out.updating()));
        edges.add(new PlanEdge(out.id(), sinkId, EdgeKind.FORWARD, List.of(), out.schema()));
    }

    /** The query's columns users see: all but the hidden event time, which {@link #prepare} put last. */
    private static List<RelDataTypeField> visibleFields(Query query) {
        List<RelDataTypeField> all = query.rel().getRowType().getFieldList();
        List<RelDataTypeField> visible = all.subList(0, all.size() - 1);
        if (visible.isEmpty()) {
            // its only select item set the event time (Retiming), which is no column
            throw new UnsupportedException("The query selects no column besides " + Schema.TIMESTAMP_FIELD + ", which "
                    + "sets the rows' event time and is not an output column: select at least one other column "
                    + "(the event time itself can be read as a column under another name, e.g. _timestamp AS ts)",
                    query.validated().getParserPosition());
        }
        for (int i = 0; i < visible.size(); i++) {
            if (visible.get(i).getName().equals(Schema.TIMESTAMP_FIELD)) {
                // a select item naming _timestamp sets the event time (Retiming); none should be left here
                throw new UnsupportedException("An output column cannot be named '" + Schema.TIMESTAMP_FIELD
                        + "', the rows' event time: give it another name, e.g. AS ts",
                        selectItemPos(query.validated(), i, query.validated()));
            }
        }
        return visible;
    }

    /** Projects {@code exprs} followed by the event time, then optimises into the Calc form. */
    private RelNode withTimestamp(Query query, List<RexNode> exprs, List<String> outNames) {
        RelNode rel = query.rel();
        List<RexNode> all = new ArrayList<>(exprs);
        all.add(RexInputRef.of(rel.getRowType().getFieldCount() - 1, rel.getRowType()));
        List<String> names = new ArrayList<>(outNames);
        names.add(Schema.TIMESTAMP_FIELD);
        RelNode top = LogicalProject.create(rel, List.of(), all, names, Set.of());
        HepPlanner joins = new HepPlanner(JOINS);
        joins.setRoot(top);
        top = joins.findBestExp();
        HepPlanner planner = new HepPlanner(OPTIMISE);
        planner.setRoot(top);
        return planner.findBestExp();
    }

    /**
     * Checks, rewrites and validates a query, and converts it to relational algebra. The result's
     * last column is the event time of the rows it is computed from. Returns {@code null} when the
     * query reads a table whose definition failed (that failure is already reported).
     */
    private Query prepare(SqlNode query) {
        WindowTableFunctions.rewrite(query, this::checkWindowTime);
        query = inlineViews(query, 0);
        query = AggregateOrderBy.rewrite(query);
        query = NullPatterns.rewrite(query);
        query = rowTimeAsTimestamp(query);
        SupportCheck.checkQuery(query);
        SupportCheck.checkTypes(query);
        if (!appendTimestamp(query)) {
            return null;
        }
        SqlValidator validator = newValidator();
        SqlNode validated = validator.validate(query);
        SupportCheck.checkValidated(validated);
        rejectIntervalRounding(validated, validator);
        HepPlanner conversion = new HepPlanner(HepProgram.builder().build());
        conversion.setExecutor(SafeRexExecutor.INSTANCE);
        RelOptCluster cluster = RelOptCluster.create(conversion, new RexBuilder(typeFactory));
        SqlToRelConverter converter = new SqlToRelConverter(null, validator, catalogReader, cluster,
                WadiConvertlets.INSTANCE,
                SqlToRelConverter.config()
                        .withTrimUnusedFields(false)
                        .withExpand(false)
                        // keep IN lists as comparisons rather than joins with VALUES
                        .withInSubQueryThreshold(Integer.MAX_VALUE));
        RelRoot root = converter.convertQuery(validated, false, true);
        return new Query(validated, root.project(), cluster);
    }

    /**
     * {@code floor} and {@code ceil} of an interval: DataFusion (so Arroyo) has them for numbers and
     * timestamps only, and Calcite's translation of them fails on some intervals; refused with their place.
     */
    private static void rejectIntervalRounding(SqlNode validated, SqlValidator validator) {
        validated.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if ((call.getKind() == SqlKind.FLOOR || call.getKind() == SqlKind.CEIL) && call.operandCount() > 0
                        && call.operand(0) != null) {
                    RelDataType type = validator.getValidatedNodeTypeIfKnown(call.operand(0));
                    if (type != null && SqlTypeName.INTERVAL_TYPES.contains(type.getSqlTypeName())) {
                        throw new UnsupportedException(call.getOperator().getName().toLowerCase(java.util.Locale.ROOT)
                                + " takes a number or a timestamp, not an interval (" + type.getSqlTypeName()
                                .getName().replace('_', ' ') + ")", call.getParserPosition());
                    }
                }
                return super.visit(call);
            }
        });
    }

    /**
     * Replaces, in the FROM clauses of {@code query} and its subqueries, every view by a copy of its
     * query (named as the view, or as its alias). Returns the query (itself unless it is a view's name).
     */
    private SqlNode inlineViews(SqlNode query, int depth) {
        if (depth > 32) {
            throw new UnsupportedException("Views nest more than 32 deep (does a view read itself?)",
                    query.getParserPosition());
        }
        if (query.getKind() == SqlKind.WITH) {
            return inlineWith((org.apache.calcite.sql.SqlWith) query, depth);
        }
        if (query instanceof SqlSelect select) {
            distinctAsGroupBy(select);
        }
        if (query instanceof SqlSelect select && select.getFrom() != null) {
            select.setFrom(inlineFrom(select.getFrom(), depth));
            return query;
        }
        if (query instanceof SqlCall call && (query.getKind() == SqlKind.ORDER_BY || query.getKind() == SqlKind.UNION
                || query.getKind() == SqlKind.WITH)) {
            for (int i = 0; i < call.operandCount(); i++) {
                SqlNode operand = call.operand(i);
                if (operand != null && operand.isA(SqlKind.QUERY)) {
                    SqlNode inlined = inlineViews(operand, depth);
                    if (inlined != operand) {
                        call.setOperand(i, inlined);
                    }
                }
            }
        }
        return query;
    }

    /** Arroyo's {@code row_time()}, the row's event time: the hidden {@code _timestamp} column. */
    private static SqlNode rowTimeAsTimestamp(SqlNode query) {
        return query.accept(new org.apache.calcite.sql.util.SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if (isRowTime(call)) {
                    return new SqlIdentifier(Schema.TIMESTAMP_FIELD, call.getParserPosition());
                }
                if (call instanceof SqlSelect select) {
                    // a bare row_time() select item keeps its own name, not the reserved _timestamp
                    SqlNodeList items = select.getSelectList();
                    for (int i = 0; i < items.size(); i++) {
                        if (items.get(i) instanceof SqlCall item && isRowTime(item)) {
                            items.set(i, SqlStdOperatorTable.AS.createCall(item.getParserPosition(), item,
                                    new SqlIdentifier("row_time", item.getParserPosition())));
                        }
                    }
                }
                return super.visit(call);
            }

            private boolean isRowTime(SqlCall call) {
                return call.getOperator().getName().equalsIgnoreCase("row_time") && call.operandCount() == 0
                        && call.getOperator() instanceof org.apache.calcite.sql.SqlUnresolvedFunction;
            }
        });
    }

    /**
     * {@code WITH a AS (…), b AS (…) body}: the body, with the names of the items read in it (and in
     * the items after them) replaced by their queries, as views are; the items are seen by this query only.
     */
    private SqlNode inlineWith(org.apache.calcite.sql.SqlWith with, int depth) {
        Map<String, SqlNode> shadowed = new HashMap<>();
        Set<String> names = new HashSet<>();
        try {
            for (SqlNode node : with.withList) {
                org.apache.calcite.sql.SqlWithItem item = (org.apache.calcite.sql.SqlWithItem) node;
                String name = item.name.getSimple();
                if (item.columnList != null && !item.columnList.isEmpty()) {
                    throw new UnsupportedException("A column list after a WITH item's name (" + name + "(…)) is not "
                            + "supported yet: name the columns in its query (SELECT x AS a, …)",
                            item.columnList.getParserPosition());
                }
                if (!names.contains(name) && views.containsKey(name)) {
                    shadowed.put(name, views.get(name));
                }
                names.add(name);
                views.put(name, item.query);
            }
            return inlineViews(with.body, depth + 1);
        } finally {
            names.forEach(views::remove);
            views.putAll(shadowed);
        }
    }

    /**
     * {@code SELECT DISTINCT items FROM …} as {@code SELECT items FROM … GROUP BY items}: an
     * aggregate without aggregate functions, updating unless it groups by a window (as Arroyo's).
     */
    private static void distinctAsGroupBy(SqlSelect select) {
        if (!select.isDistinct()) {
            return;
        }
        if (select.getGroup() != null || select.getHaving() != null) {
            throw new UnsupportedException("SELECT DISTINCT with GROUP BY is not supported yet: group by every "
                    + "selected column instead", select.getParserPosition());
        }
        SqlNodeList keys = new SqlNodeList(select.getSelectList().getParserPosition());
        for (SqlNode item : select.getSelectList()) {
            SqlNode e = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
            if (e instanceof SqlIdentifier id && id.isStar()) {
                throw new UnsupportedException("SELECT DISTINCT * is not supported yet: list the columns",
                        item.getParserPosition());
            }
            keys.add(SqlCopy.of(e));
        }
        select.setOperand(0, new SqlNodeList(select.getParserPosition()));
        select.setGroupBy(keys);
    }

    private SqlNode inlineFrom(SqlNode from, int depth) {
        if (from instanceof SqlJoin join) {
            join.setLeft(inlineFrom(join.getLeft(), depth));
            join.setRight(inlineFrom(join.getRight(), depth));
            return join;
        }
        if (from.getKind() == SqlKind.AS) {
            SqlCall as = (SqlCall) from;
            SqlNode base = as.operand(0);
            if (base instanceof SqlIdentifier id && id.isSimple() && views.containsKey(id.getSimple())) {
                as.setOperand(0, inlineViews(SqlCopy.of(views.get(id.getSimple())), depth + 1));
            } else if (base.isA(SqlKind.QUERY)) {
                as.setOperand(0, inlineViews(base, depth));
            }
            return from;
        }
        if (from instanceof SqlIdentifier id && id.isSimple() && views.containsKey(id.getSimple())) {
            SqlNode copy = inlineViews(SqlCopy.of(views.get(id.getSimple())), depth + 1);
            return SqlStdOperatorTable.AS.createCall(id.getParserPosition(), copy, id.clone(id.getParserPosition()));
        }
        if (from.isA(SqlKind.QUERY)) {
            return inlineViews(from, depth);
        }
        return from;
    }

    /**
     * Adds the hidden {@code _timestamp} as the last select item of the query and of every query it
     * reads from, so that the event time flows through to the sink. Checks the tables read exist and
     * can be read. Returns {@code false} if a table read has a failed definition.
     */
    private boolean appendTimestamp(SqlNode query) {
        if (query instanceof SqlCall call && query.getKind() == SqlKind.ORDER_BY) {
            return appendTimestamp(call.operand(0));
        }
        if (query.getKind() == SqlKind.UNION) {
            boolean ok = true;
            for (SqlNode branch : ((SqlCall) query).getOperandList()) {
                ok &= appendTimestamp(branch);
            }
            return ok;
        }
        if (!(query instanceof SqlSelect select)) {
            throw new UnsupportedException("this kind of query is not supported yet", query.getParserPosition());
        }
        SqlNode from = select.getFrom();
        if (from == null) {
            throw new UnsupportedException("a SELECT without FROM is not supported yet", select.getParserPosition());
        }
        List<SqlNode> times = new ArrayList<>();
        if (!appendTimestampFrom(from, times)) {
            return false;
        }
        Windows.fieldAccess(select);
        // expr AS _timestamp: the rows' new event time (Arroyo's re-timing), not an output column
        SqlNode retimed = Retiming.take(select);
        // the event time: the rows' own (for a join the largest of its sides'), or for an aggregate
        // its window's end - 1 ns or the largest of its rows'
        SqlNode rowTime = from instanceof SqlJoin ? Windows.JOIN_TIMESTAMP.createCall(SqlParserPos.ZERO, times)
                : new SqlIdentifier(Schema.TIMESTAMP_FIELD, SqlParserPos.ZERO);
        SqlNode eventTime = Windows.rewrite(select, rowTime);
        if (retimed != null) {
            eventTime = Retiming.eventTime(retimed, rowTime, eventTime);
        }
        select.getSelectList().add(eventTime);
        return true;
    }

    /**
     * Checks the tables of a FROM clause and adds the event time to its subqueries, collecting the
     * event-time column of each table or subquery read ({@code _timestamp}, qualified in a join).
     */
    private boolean appendTimestampFrom(SqlNode from, List<SqlNode> times) {
        return appendTimestampFrom(from, times, false);
    }

    /** As above; {@code joinRight}: {@code from} is the right side of a join, where lookup tables may be. */
    private boolean appendTimestampFrom(SqlNode from, List<SqlNode> times, boolean joinRight) {
        if (from instanceof SqlJoin join) {
            boolean left = appendTimestampFrom(join.getLeft(), times, false);
            boolean right = appendTimestampFrom(join.getRight(), times, true);
            for (int i = 0; i < times.size(); i++) {
                if (times.get(i) == null) {
                    throw new UnsupportedException("a subquery in a join needs a name: (SELECT …) AS name",
                            join.getParserPosition());
                }
            }
            return left && right;
        }
        SqlNode base = from.getKind() == SqlKind.AS ? ((SqlCall) from).operand(0) : from;
        String qualifier = from.getKind() == SqlKind.AS
                ? ((SqlIdentifier) ((SqlCall) from).operand(1)).getSimple() : null;
        if (base instanceof SqlIdentifier id) {
            if (!id.isSimple()) {
                throw new UnsupportedException("Table names must be simple names, not '" + id + "'",
                        id.getParserPosition());
            }
            String name = id.getSimple();
            if (brokenTables.contains(name)) {
                return false;
            }
            ConnectorTable table = table(name, id.getParserPosition());
            if (memoryTables.contains(name) && !memoryWrites.containsKey(name)) {
                throw new UnsupportedException("Can't query from memory table '" + name + "' without first "
                        + "inserting into it", id.getParserPosition());
            }
            if (table.roles().contains(TableRole.LOOKUP)) {
                if (!joinRight) {
                    throw new UnsupportedException("Table '" + name + "' is a lookup table: it can only be the right "
                            + "side of a JOIN, as in FROM stream s JOIN " + name + " t ON s.col = t.key",
                            id.getParserPosition());
                }
                // a lookup's row has no event time of its own: the joined row keeps the stream's
                return true;
            }
            if (!table.roles().contains(TableRole.SOURCE)) {
                throw new UnsupportedException("Table '" + name + "' (connector '" + table.connector()
                        + "') cannot be read: its connector is not a source", id.getParserPosition());
            }
            times.add(timestampOf(qualifier != null ? qualifier : name));
            return true;
        }
        times.add(qualifier == null ? null : timestampOf(qualifier));
        return appendTimestamp(base);
    }

    /** A window table function's time column must be the table's event time, which windows follow. */
    private void checkWindowTime(String tableName, String column, SqlParserPos pos) {
        if (views.containsKey(tableName) || column.equals(Schema.TIMESTAMP_FIELD)) {
            // a view's rows carry the event time of the tables it reads; _timestamp is it
            if (!column.equals(Schema.TIMESTAMP_FIELD)) {
                throw new UnsupportedException("the time column of a window over the view '" + tableName + "' must "
                        + "be _timestamp, the event time its rows carry, not '" + column + "'", pos);
            }
            return;
        }
        ConnectorTable t = table(tableName, pos);
        Integer eventTime = eventTimeFields.get(tableName);
        String name = eventTime == null ? null : t.schema().field(eventTime).name();
        if (!column.equals(name)) {
            throw new UnsupportedException("windows follow the event time: '" + column + "' is not the event time of "
                    + "table '" + tableName + "' (" + (name == null ? "the time its rows are read" : "'" + name + "'")
                    + "); declare it with event_time_field = '" + column + "' or WATERMARK FOR " + column
                    + ", or use _timestamp", pos);
        }
    }

    /** {@code qualifier._timestamp}. */
    private static SqlNode timestampOf(String qualifier) {
        return new SqlIdentifier(List.of(qualifier, Schema.TIMESTAMP_FIELD), SqlParserPos.ZERO);
    }

    private ConnectorTable table(String name, SqlParserPos pos) {
        ConnectorTable table = tables.containsKey(name) ? tables.get(name) : hiddenTables.get(name);
        if (table == null) {
            throw new UnsupportedException("Table '" + name + "' not found. Defined tables: "
                    + (tables.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(tables.keySet()))), pos);
        }
        return table;
    }

    private SqlValidator newValidator() {
        return new WadiValidator(
                // DataFusion's functions first: where Calcite has one of the same name, Arroyo's meaning wins
                SqlOperatorTables.chain(WadiFunctions.INSTANCE, SqlStdOperatorTable.instance(), Windows.OPERATORS,
                        SqlOperatorTables.of(Retiming.EVENT_TIME), userFunctions),
                catalogReader, typeFactory,
                SqlValidator.Config.DEFAULT
                        .withConformance(WadiConformance.INSTANCE)
                        .withTypeCoercionFactory(WadiTypeCoercion::new)
                        .withIdentifierExpansion(true));
    }

    private static SqlParserPos selectItemPos(SqlNode validated, int index, SqlNode fallback) {
        if (validated instanceof SqlSelect select && index < select.getSelectList().size()) {
            SqlParserPos pos = select.getSelectList().get(index).getParserPosition();
            if (pos.getLineNum() > 0) {
                return pos;
            }
        }
        return fallback.getParserPosition();
    }

    private static String names(List<RelDataTypeField> fields) {
        return String.join(", ", fields.stream().map(RelDataTypeField::getName).toList());
    }

    private static String typeName(RelDataType type) {
        try {
            return Types.toWadi(type).toString();
        } catch (UnsupportedException e) {
            return Types.text(type);
        }
    }

    // ---------------------------------------------------------------- translation

    /**
     * Translates an optimised query into plan nodes, returning the last one. {@code names} are the
     * output column names of the top node (the optimiser may have lost them), {@code null} below.
     */
    private Out translate(RelNode rel, List<String> names) {
        if (rel instanceof TableScan scan) {
            return translateScan(scan);
        }
        if (rel instanceof org.apache.calcite.rel.core.Window window) {
            return translateWindow(window);
        }
        if (rel instanceof Aggregate agg) {
            return translateAggregate(agg);
        }
        if (rel instanceof Calc calc) {
            Out in;
            org.apache.calcite.rex.RexCall asyncCall = AsyncFunctionPlanning.find(calc);
            if (asyncCall != null) {
                // the async operator computes the call; this calc the rest, over its output
                AsyncStep step = translateAsync(calc, asyncCall);
                in = step.out();
                calc = step.rest();
            } else {
                in = translate(calc.getInput(), null);
            }
            RexProgram program = calc.getProgram();
            if (program.isTrivial() && in.fieldMap() == null) {
                return in;
            }
            ExprTranslator exprs = new ExprTranslator(calc.getCluster().getRexBuilder());
            RexShuttle remap = remap(in, calc.getCluster().getRexBuilder());
            java.util.function.Function<RexNode, Expr> tr = r -> exprs.translate(r.accept(remap));
            Expr filter = program.getCondition() == null ? null
                    : tr.apply(program.expandLocalRef(program.getCondition()));
            List<Expr> projections = new ArrayList<>(program.getProjectList().stream()
                    .map(r -> tr.apply(program.expandLocalRef(r)))
                    .toList());
            List<Field> fields = new ArrayList<>(Types.fields(calc.getRowType()));
            if (names != null) {
                for (int i = 0; i < names.size(); i++) {
                    Field f = fields.get(i);
                    fields.set(i, new Field(names.get(i), f.type(), f.nullable()));
                }
            }
            // The event time is the last field, except where the optimiser appended computed join
            // keys after it: the plan's rows keep it last (and _op of a changelog before it).
            int n = fields.size();
            int time = names != null ? n - 1 : calc.getRowType().getFieldNames().lastIndexOf(Schema.TIMESTAMP_FIELD);
            if (time < 0) {
                throw new UnsupportedException("internal: a computed row lost its event time");
            }
            int[] fieldMap = null;
            if (time != n - 1 || in.updating()) {
                fieldMap = new int[n];
                List<Expr> planProjections = new ArrayList<>();
                List<Field> planFields = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (i != time) {
                        fieldMap[i] = planProjections.size();
                        planProjections.add(projections.get(i));
                        planFields.add(fields.get(i));
                    }
                }
                if (in.updating()) {
                    // a changelog stays one: each row's _op passes through
                    planProjections.add(new Expr.InputRef(in.schema().size() - 2, DataType.INT32));
                    planFields.add(new Field(Schema.OP_FIELD, DataType.INT32, false));
                }
                fieldMap[time] = planProjections.size();
                planProjections.add(projections.get(time));
                planFields.add(fields.get(time));
                projections = planProjections;
                fields = planFields;
            }
            // the event time keeps its reserved name and type, whatever the query called things
            fields.set(fields.size() - 1, new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
            int windowColumn = -1;
            for (int j = 0; j < projections.size() - 1; j++) {
                if (in.windowColumn() >= 0 && projections.get(j) instanceof Expr.InputRef ref
                        && ref.index() == in.windowColumn()) {
                    windowColumn = j;
                }
            }
            int unnest = unnestColumn(filter, projections);
            DataType element = null;
            Expr overElement = null;
            Field unnestField = null;
            if (unnest >= 0) {
                // the calc computes the list; the unnest operator after it emits a row per element, and
                // an expression over unnest(…) is computed by a calc after that
                Expr item = projections.get(unnest);
                Expr.Call call = unnestCall(item);
                element = call.type();
                overElement = item == call ? null : item;
                projections.set(unnest, call.operands().get(0));
                unnestField = fields.get(unnest);
                fields.set(unnest, new Field(unnestField.name(), call.operands().get(0).type(), true));
            }
            Schema output = new Schema(fields);
            String description = filter == null ? "project"
                    : program.projectsOnlyIdentity() ? "filter" : "filter + project";
            String id = add("calc", description, new CalcOperator(in.schema(), filter, projections, output));
            edges.add(new PlanEdge(in.id(), id, EdgeKind.FORWARD, List.of(), in.schema()));
            if (unnest >= 0) {
                List<Field> unnested = new ArrayList<>(output.fields());
                unnested.set(unnest, new Field(unnested.get(unnest).name(), element, true));
                Schema rows = new Schema(unnested);
                String u = add("unnest", "unnest " + rows.field(unnest).name(), new UnnestOperator(output, unnest, rows));
                edges.add(new PlanEdge(id, u, EdgeKind.FORWARD, List.of(), output));
                id = u;
                output = rows;
                if (overElement != null) {
                    List<Expr> over = new ArrayList<>();
                    for (int j = 0; j < rows.size(); j++) {
                        over.add(new Expr.InputRef(j, rows.field(j).type()));
                    }
                    over.set(unnest, replaceUnnest(overElement, new Expr.InputRef(unnest, element)));
                    List<Field> computed = new ArrayList<>(rows.fields());
                    computed.set(unnest, new Field(unnestField.name(), overElement.type(), true));
                    Schema after = new Schema(computed);
                    String o = add("calc", "project over unnest", new CalcOperator(rows, null, over, after));
                    edges.add(new PlanEdge(id, o, EdgeKind.FORWARD, List.of(), rows));
                    id = o;
                    output = after;
                }
            }
            return new Out(id, output, fieldMap, windowColumn, windowColumn >= 0 ? in.window() : null);
        }
        if (rel instanceof Join join) {
            return translateJoin(join);
        }
        if (rel instanceof Union union) {
            return translateUnion(union);
        }
        if (rel instanceof Values values && values.getTuples().isEmpty()) {
            throw new UnsupportedException("This query never produces a row: its WHERE clause is always false");
        }
        throw new UnsupportedException("The query needs a " + rel.getRelTypeName().replace("Logical", "")
                + " operator, which is not supported yet");
    }

    /** The async operator of a calc's async call, and the calc's rest over its output. */
    private record AsyncStep(Out out, Calc rest) {
    }

    /**
     * Plans an async function call of a calc: a calc of the input's columns and the call's operands
     * (after the calc's filter), the async operator appending the result, and the rest of the calc
     * over that (see {@link AsyncFunctionPlanning}).
     */
    private AsyncStep translateAsync(Calc calc, org.apache.calcite.rex.RexCall call) {
        AsyncFunctionPlanning.Split split = AsyncFunctionPlanning.split(calc, call);
        UserFunctions.Scalar function = split.function();
        RelNode pre = split.filter() == null ? calc.getInput()
                : org.apache.calcite.rel.logical.LogicalFilter.create(calc.getInput(),
                        RexUtil.flatten(calc.getCluster().getRexBuilder(), split.filter()));
        pre = LogicalProject.create(pre, List.of(), split.preExprs(), split.preNames(), Set.of());
        HepPlanner planner = new HepPlanner(OPTIMISE);
        planner.setRoot(pre);
        pre = planner.findBestExp();
        Out in = translate(pre, split.preNames());
        if (in.updating()) {
            throw new UnsupportedException("async function '" + function.getName() + "' over updating rows is not"
                    + " supported: call it before the aggregate or join that makes them");
        }
        List<Integer> arguments = split.arguments().stream().map(in::column).toList();
        List<Field> fields = new ArrayList<>(in.schema().fields());
        Field time = fields.remove(fields.size() - 1);
        fields.add(new Field("_async", Types.toWadi(call.getType()), true));
        fields.add(time);
        Schema output = new Schema(fields);
        org.wadi.spi.function.AsyncOptions options = function.options();
        String id = add("async_function", "async " + function.getName() + (options.ordered() ? " (ordered)" : ""),
                new org.wadi.spi.plan.AsyncFunctionOperator(in.schema(), function.ref(), arguments, options.ordered(),
                        options.timeout().toNanos(), options.maxConcurrency(), output));
        edges.add(new PlanEdge(in.id(), id, EdgeKind.FORWARD, List.of(), in.schema()));
        int columns = split.preExprs().size();
        int[] fieldMap = new int[columns + 1];
        for (int j = 0; j < columns - 1; j++) {
            fieldMap[j] = in.column(j);
        }
        fieldMap[columns - 1] = output.size() - 2;
        fieldMap[columns] = output.size() - 1;
        Out out = new Out(id, output, fieldMap, in.windowColumn(), in.window());
        RelNode placeholder = org.apache.calcite.rel.logical.LogicalValues.createEmpty(calc.getCluster(),
                split.restInput());
        RexProgram rest = RexProgram.create(split.restInput(), split.restProjects(), null, calc.getRowType(),
                calc.getCluster().getRexBuilder());
        return new AsyncStep(out, org.apache.calcite.rel.logical.LogicalCalc.create(placeholder, rest));
    }

    /**
     * The rows of a table: its source node (one per table, shared by every statement reading it),
     * the Calc of its generated columns and of its event time; read through its watermark node
     * within windows and joins. A memory table's rows are those of the query inserted into it.
     */
    private Out translateScan(TableScan scan) {
        List<String> qualified = scan.getTable().getQualifiedName();
        String key = qualified.get(qualified.size() - 1);
        ConnectorTable t = scan.getTable().unwrap(PlanningTable.class).table();
        if (lookupKeys.containsKey(key)) {
            throw new UnsupportedException("Table '" + key + "' is a lookup table: it can only be the right side of "
                    + "a JOIN ON its primary key");
        }
        Out source = sourceNodes.get(key);
        if (source == null) {
            if (memoryTables.contains(key)) {
                source = memoryWrites.get(key);
                if (source == null) {
                    throw new UnsupportedException("Can't query from memory table '" + key
                            + "' without first inserting into it");
                }
            } else if (generatedTables.containsKey(key)) {
                int depth = windowDepth;
                windowDepth = 0;
                try {
                    source = translate(generatedTables.get(key), t.schema().fields().stream().map(Field::name).toList());
                } finally {
                    windowDepth = depth;
                }
            } else {
                String id = add("source", t.connector() + " source", new SourceOperator(t));
                // a changelog read as Debezium JSON: its rows carry _op
                source = "debezium_json".equals(t.option("format"))
                        ? new Out(id, t.schema().withOp(), updatingMap(t.schema().size() + 1), -1, null)
                        : new Out(id, t.schema().withTimestamp());
            }
            Integer eventTime = eventTimeFields.get(key);
            if (eventTime != null) {
                source = withEventTime(source, eventTime);
            }
            sourceNodes.put(key, source);
        }
        // a memory table written by a windowed query carries that query's watermarks already
        return windowDepth > 0 && source.window() == null ? watermarked(key, source) : source;
    }

    /**
     * The rows of a table with {@code event_time_field}: their event time becomes that column's
     * value (the connector's own time where the column is NULL, so that no row is lost).
     */
    private Out withEventTime(Out read, int column) {
        Schema schema = read.schema();
        int time = schema.size() - 1;
        List<Expr> projections = new ArrayList<>();
        for (int i = 0; i < time; i++) {
            projections.add(new Expr.InputRef(i, schema.field(i).type()));
        }
        Expr value = new Expr.InputRef(column, DataType.TIMESTAMP);
        Expr own = new Expr.InputRef(time, DataType.TIMESTAMP);
        projections.add(schema.field(column).nullable()
                ? new Expr.Call("coalesce", List.of(value, own), DataType.TIMESTAMP) : value);
        String id = add("calc", "event time from " + schema.field(column).name(),
                new CalcOperator(schema, null, projections, schema));
        edges.add(new PlanEdge(read.id(), id, EdgeKind.FORWARD, List.of(), schema));
        return new Out(id, schema, read.fieldMap(), -1, null);
    }

    /** The watermark node of a table (one per source node, chained after it), created on first use. */
    private Out watermarked(String table, Out source) {
        return watermarkNodes.computeIfAbsent(source.id(), id -> {
            long idle = idleNanos.getOrDefault(table, 0L);
            long delay = watermarkDelays.getOrDefault(table, WatermarkOperator.DEFAULT_DELAY_NANOS);
            String wm = add("watermark", "watermark (event time - " + duration(delay) + ")",
                    new WatermarkOperator(source.schema(), delay, idle, WatermarkOperator.DEFAULT_PERIOD_NANOS));
            edges.add(new PlanEdge(source.id(), wm, EdgeKind.FORWARD, List.of(), source.schema()));
            return new Out(wm, source.schema(), source.fieldMap(), -1, null);
        });
    }

    /** A delay for plan descriptions: {@code 1 s}, {@code 250 ms}, {@code 0 s}. */
    private static String duration(long nanos) {
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + " s";
        }
        return nanos % 1_000_000L == 0 ? nanos / 1_000_000L + " ms" : nanos + " ns";
    }

    /**
     * An aggregate: a Calc computing the keys, the aggregates' arguments and the event time over
     * the watermarked input, a SHUFFLE by the keys, and the aggregate operator — a window aggregate
     * when it groups by a window call ({@code tumble}, {@code hop}, {@code session}) or by the window
     * column of a windowed input (each window's rows are then aggregated on their own), otherwise an
     * updating aggregate. Its output's columns are ordered differently from the Aggregate's (keys,
     * aggregates, window or {@code _op}, event time): the returned {@link Out#fieldMap} says where
     * each Aggregate column went.
     */
    private Out translateAggregate(Aggregate agg) {
        if (agg.getGroupType() != Aggregate.Group.SIMPLE) {
            throw new UnsupportedException("GROUPING SETS, ROLLUP and CUBE are not supported");
        }
        RelNode input = agg.getInput();
        RelNode base;
        List<RexNode> inputExprs = new ArrayList<>();
        RexNode condition = null;
        if (input instanceof Calc calc) {
            RexProgram program = calc.getProgram();
            base = calc.getInput();
            for (var r : program.getProjectList()) {
                inputExprs.add(program.expandLocalRef(r));
            }
            // flat: a condition expanded from a program may nest ANDs and ORs, which a Filter refuses
            condition = program.getCondition() == null ? null
                    : RexUtil.flatten(calc.getCluster().getRexBuilder(), program.expandLocalRef(program.getCondition()));
        } else {
            base = input;
            for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
                inputExprs.add(RexInputRef.of(i, input.getRowType()));
            }
        }
        int windowKey = -1;
        RexCall window = null;
        for (int g : agg.getGroupSet()) {
            if (inputExprs.get(g) instanceof RexCall call && Windows.isWindow(call.getOperator())) {
                windowKey = g;
                window = call;
            }
        }
        WindowSpec spec = null;
        if (window != null) {
            try {
                spec = Windows.spec(window);
            } catch (IllegalArgumentException e) {
                throw new UnsupportedException("invalid window: " + e.getMessage());
            }
        }
        List<RexNode> exprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        List<Field> outFields = new ArrayList<>();
        List<RelDataTypeField> aggFields = agg.getRowType().getFieldList();
        int[] fieldMap = new int[aggFields.size()];
        int groupPos = 0;
        int windowKeyPos = -1;
        for (int g : agg.getGroupSet()) {
            if (g != windowKey) {
                fieldMap[groupPos] = keys.size();
                keys.add(exprs.size());
                exprs.add(inputExprs.get(g));
                names.add("k" + keys.size());
                RelDataTypeField f = aggFields.get(groupPos);
                outFields.add(new Field(f.getName(), Types.toWadi(f.getType()), f.getType().isNullable()));
            } else {
                windowKeyPos = groupPos;
            }
            groupPos++;
        }
        List<org.wadi.spi.plan.AggregateCall> calls = new ArrayList<>();
        int eventTimeField = -1;
        RexNode eventTime = null;
        for (int c = 0; c < agg.getAggCallList().size(); c++) {
            AggregateCall call = agg.getAggCallList().get(c);
            if (call.getAggregation() == Windows.MAX_EVENT_TIME) {
                // the hidden event time of an aggregate without a window call: the operator's own _timestamp
                eventTimeField = agg.getGroupCount() + c;
                eventTime = inputExprs.get(call.getArgList().get(0));
                continue;
            }
            org.wadi.spi.plan.AggregateCall translated = AggregateCalls.translate(call, inputExprs, arg -> {
                int index = exprs.indexOf(arg);
                if (index < keys.size()) {
                    // a key's column is one of its own; an argument column is shared by the aggregates over it
                    index = exprs.size();
                    exprs.add(arg);
                    names.add("a" + index);
                }
                return index;
            });
            fieldMap[agg.getGroupCount() + c] = keys.size() + calls.size();
            RelDataTypeField f = aggFields.get(agg.getGroupCount() + c);
            outFields.add(new Field(f.getName(), Types.toWadi(f.getType()), f.getType().isNullable()));
            calls.add(translated);
        }
        // the event time the aggregate follows: the window function's first operand, or the rows' own
        exprs.add(window != null ? window.getOperands().get(0) : eventTime);
        names.add(Schema.TIMESTAMP_FIELD);
        if (exprs.get(exprs.size() - 1) == null) {
            throw new UnsupportedException("internal: the aggregate has neither a window nor an event time");
        }

        RelNode pre = condition == null ? base
                : org.apache.calcite.rel.logical.LogicalFilter.create(base, condition);
        pre = LogicalProject.create(pre, List.of(), exprs, names, Set.of());
        HepPlanner planner = new HepPlanner(OPTIMISE);
        planner.setRoot(pre);
        pre = planner.findBestExp();
        windowDepth++;
        Out in;
        try {
            in = translate(pre, names);
        } finally {
            windowDepth--;
        }
        String by = keys.isEmpty() ? "" : " by " + keys.size() + " key" + (keys.size() == 1 ? "" : "s");
        if (window == null && in.windowColumn() >= 0 && in.windowColumn() < keys.size()) {
            // grouping by the window column of a windowed input: each window's rows on their own,
            // emitted when the watermark passes them (their event time is the window's end - 1 ns)
            if (in.updating()) {
                throw new UnsupportedException("an aggregate by window over updating rows is not supported");
            }
            outFields.add(new Field("_instant", WindowAggregateOperator.WINDOW_TYPE, false));
            outFields.add(new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
            fieldMap[eventTimeField] = outFields.size() - 1;
            Schema output = new Schema(outFields);
            String id = add("window", "aggregate per window" + by, new WindowAggregateOperator(in.schema(),
                    WindowSpec.tumble(1), keys, calls, output));
            edges.add(new PlanEdge(in.id(), id, EdgeKind.SHUFFLE, keys, in.schema()));
            return new Out(id, output, fieldMap, in.windowColumn(), in.window());
        }
        if (window == null) {
            outFields.add(new Field(Schema.OP_FIELD, DataType.INT32, false));
            outFields.add(new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
            fieldMap[eventTimeField] = outFields.size() - 1;
            Schema output = new Schema(outFields);
            String id = add("aggregate", "updating aggregate" + by, new UpdatingAggregateOperator(in.schema(), keys,
                    calls, updatingTtlNanos, UpdatingAggregateOperator.DEFAULT_FLUSH_NANOS, output));
            edges.add(new PlanEdge(in.id(), id, EdgeKind.SHUFFLE, keys, in.schema()));
            return new Out(id, output, fieldMap, -1, null);
        }
        if (in.updating()) {
            throw new UnsupportedException("a windowed aggregate over updating rows is not supported: window the "
                    + "rows before they are aggregated or joined without a window");
        }
        int windowIndex = keys.size() + calls.size();
        fieldMap[windowKeyPos] = windowIndex;
        outFields.add(new Field(aggFields.get(windowKeyPos).getName(), WindowAggregateOperator.WINDOW_TYPE, false));
        outFields.add(new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        Schema output = new Schema(outFields);
        String kind = spec.kind().name().toLowerCase(java.util.Locale.ROOT);
        String id = add("window", kind + " window aggregate" + by,
                new WindowAggregateOperator(in.schema(), spec, keys, calls, output));
        edges.add(new PlanEdge(in.id(), id, EdgeKind.SHUFFLE, keys, in.schema()));
        return new Out(id, output, fieldMap, windowIndex, spec);
    }

    /**
     * A join of two inputs on equal keys, each input SHUFFLEd by its keys: a window join when both
     * are results of the same window and the keys pair their window columns; an interval join when
     * the condition bounds one side's event time by the other's
     * ({@code b._timestamp BETWEEN a._timestamp - INTERVAL … AND a._timestamp + INTERVAL …});
     * otherwise an updating join whose state lives for {@code updating_ttl}.
     */
    private Out translateJoin(Join join) {
        RelNode rightBase = join.getRight() instanceof Calc calc ? calc.getInput() : join.getRight();
        if (rightBase instanceof TableScan scan) {
            List<String> qualified = scan.getTable().getQualifiedName();
            String name = qualified.get(qualified.size() - 1);
            if (lookupKeys.containsKey(name)) {
                return translateLookupJoin(join, name, join.getRight() instanceof Calc calc ? calc : null);
            }
        }
        JoinType type = switch (join.getJoinType()) {
            case INNER -> JoinType.INNER;
            case LEFT -> JoinType.LEFT;
            case RIGHT -> JoinType.RIGHT;
            case FULL -> JoinType.FULL;
            default -> throw new UnsupportedException(join.getJoinType() + " joins are not supported");
        };
        Out left;
        Out right;
        windowDepth++;
        try {
            left = translate(join.getLeft(), null);
            right = translate(join.getRight(), null);
        } finally {
            windowDepth--;
        }
        int lc = join.getLeft().getRowType().getFieldCount();
        int rc = join.getRight().getRowType().getFieldCount();
        JoinInfo info = JoinInfo.createWithStrictEquality(join.getLeft(), join.getRight(), join.getCondition());
        if (info.leftKeys.isEmpty()) {
            throw new UnsupportedException("a join needs an equality between its two sides to match rows on "
                    + "(ON a.key = b.key); without one every row would be kept and matched with every other");
        }
        List<Integer> leftKeys = new ArrayList<>();
        List<Integer> rightKeys = new ArrayList<>();
        boolean windowPaired = false;
        for (int i = 0; i < info.leftKeys.size(); i++) {
            int l = left.column(info.leftKeys.get(i));
            int r = right.column(info.rightKeys.get(i));
            leftKeys.add(l);
            rightKeys.add(r);
            windowPaired |= l == left.windowColumn() && r == right.windowColumn() && l >= 0;
        }
        // the joined row: every column of each side but _op (the relational fields, as they went)
        List<Field> outFields = new ArrayList<>();
        boolean leftNullable = type == JoinType.RIGHT || type == JoinType.FULL;
        boolean rightNullable = type == JoinType.LEFT || type == JoinType.FULL;
        for (Field f : left.sideColumns()) {
            outFields.add(sideField(f, JoinOperator.LEFT_TIMESTAMP, leftNullable));
        }
        for (Field f : right.sideColumns()) {
            outFields.add(sideField(f, JoinOperator.RIGHT_TIMESTAMP, rightNullable));
        }
        int leftWidth = left.sideColumns().size();
        int[] fieldMap = new int[lc + rc];
        for (int i = 0; i < lc; i++) {
            fieldMap[i] = left.sideIndex(i);
        }
        for (int i = 0; i < rc; i++) {
            fieldMap[lc + i] = leftWidth + right.sideIndex(i);
        }
        RexBuilder rex = join.getCluster().getRexBuilder();
        RexNode remaining = info.getRemaining(rex);
        List<RexNode> residual = new ArrayList<>(org.apache.calcite.plan.RelOptUtil.conjunctions(remaining));
        residual.removeIf(RexNode::isAlwaysTrue);

        JoinKind kind = JoinKind.UPDATING;
        long lower = 0;
        long upper = 0;
        if (windowPaired && left.window() != null && left.window().equals(right.window())) {
            if (left.updating() || right.updating()) {
                throw new UnsupportedException("a window join over updating rows is not supported");
            }
            kind = JoinKind.WINDOW;
        } else {
            long[] bounds = join.getLeft() instanceof Join || join.getRight() instanceof Join ? null
                    : IntervalBounds.find(residual,
                            join.getLeft().getRowType().getFieldNames().lastIndexOf(Schema.TIMESTAMP_FIELD),
                            lc + join.getRight().getRowType().getFieldNames().lastIndexOf(Schema.TIMESTAMP_FIELD),
                            join.getRowType());
            if (bounds != null) {
                if (left.updating() || right.updating()) {
                    throw new UnsupportedException("an interval join over updating rows is not supported");
                }
                kind = JoinKind.INTERVAL;
                lower = bounds[0];
                upper = bounds[1];
            }
        }
        boolean updating = kind == JoinKind.UPDATING && (left.updating() || right.updating() || type != JoinType.INNER);
        if (updating) {
            outFields.add(new Field(Schema.OP_FIELD, DataType.INT32, false));
        }
        outFields.add(new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        Expr condition = null;
        if (!residual.isEmpty()) {
            RexNode all = org.apache.calcite.rex.RexUtil.composeConjunction(rex, residual);
            RexShuttle toColumns = new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    return new RexInputRef(fieldMap[ref.getIndex()], ref.getType());
                }
            };
            condition = new ExprTranslator(rex).translate(all.accept(toColumns));
        }
        Schema output = new Schema(outFields);
        String description = type.name().toLowerCase(java.util.Locale.ROOT) + " "
                + kind.name().toLowerCase(java.util.Locale.ROOT) + " join";
        String id = add("join", description, new JoinOperator(kind, type, left.schema(), right.schema(), leftKeys,
                rightKeys, condition, lower, upper, kind == JoinKind.UPDATING ? updatingTtlNanos : 0, output));
        edges.add(new PlanEdge(left.id(), id, EdgeKind.SHUFFLE, leftKeys, left.schema()));
        edges.add(new PlanEdge(right.id(), id, EdgeKind.SHUFFLE, rightKeys, right.schema()));
        int windowColumn = kind == JoinKind.WINDOW ? left.windowColumn() : -1;
        return new Out(id, output, fieldMap, windowColumn, kind == JoinKind.WINDOW ? left.window() : null);
    }

    /**
     * Window functions ({@code row_number() OVER (PARTITION BY … ORDER BY …)} and the like) over the
     * result of a window aggregate, as Arroyo allows them: a SHUFFLE by the partition keys into a
     * window-function operator, which adds one column per function before {@code _timestamp}. The
     * window column is left out of the keys: rows of different windows never meet there.
     */
    private Out translateWindow(org.apache.calcite.rel.core.Window window) {
        Out in = translate(window.getInput(), null);
        if (in.window() == null || in.windowColumn() < 0 || in.updating()) {
            throw new UnsupportedException("Window functions require already windowed input: compute them over the "
                    + "result of a window aggregate (GROUP BY tumble(…), hop(…) or session(…)), and PARTITION BY "
                    + "its window");
        }
        int inputCount = window.getInput().getRowType().getFieldCount();
        int[] fieldMap = new int[window.getRowType().getFieldCount()];
        for (int i = 0; i < inputCount; i++) {
            fieldMap[i] = in.column(i);
        }
        // one operator per group of functions sharing PARTITION BY, ORDER BY and frame, chained
        int call = inputCount;
        Out cur = in;
        for (org.apache.calcite.rel.core.Window.Group group : window.groups) {
            cur = windowGroup(window, group, cur, fieldMap, call);
            call += group.aggCalls.size();
        }
        return new Out(cur.id(), cur.schema(), fieldMap, in.windowColumn(), in.window());
    }

    /**
     * One group of window functions over {@code in}: updates {@code fieldMap} (the window's fields
     * computed so far, in {@code in}'s columns) with where the input's fields and this group's
     * functions (relational fields from {@code firstCall}) went.
     */
    private Out windowGroup(org.apache.calcite.rel.core.Window window, org.apache.calcite.rel.core.Window.Group group,
            Out in, int[] fieldMap, int firstCall) {
        int inputCount = window.getInput().getRowType().getFieldCount();
        List<Integer> partition = new ArrayList<>();
        for (int k : group.keys) {
            int c = fieldMap[k];
            if (c != in.windowColumn()) {
                partition.add(c);
            }
        }
        List<org.wadi.spi.plan.SortKey> orderBy = new ArrayList<>();
        for (var collation : group.orderKeys.getFieldCollations()) {
            boolean descending = collation.getDirection().isDescending();
            boolean nullsFirst = switch (collation.nullDirection) {
                case FIRST -> true;
                case LAST -> false;
                default -> descending;
            };
            orderBy.add(new org.wadi.spi.plan.SortKey(fieldMap[collation.getFieldIndex()], descending, nullsFirst));
        }
        List<org.wadi.spi.plan.WindowFunctionCall> functions = new ArrayList<>();
        List<Field> outFields = new ArrayList<>(in.schema().fields().subList(0, in.schema().size() - 1));
        List<RelDataTypeField> relFields = window.getRowType().getFieldList();
        for (int i = 0; i < group.aggCalls.size(); i++) {
            org.apache.calcite.rel.core.Window.RexWinAggCall call = group.aggCalls.get(i);
            String function = switch (call.getOperator().getKind()) {
                case ROW_NUMBER -> "row_number";
                case RANK -> "rank";
                case DENSE_RANK -> "dense_rank";
                case PERCENT_RANK -> "percent_rank";
                case CUME_DIST -> "cume_dist";
                case NTILE -> "ntile";
                case LAG -> "lag";
                case LEAD -> "lead";
                case FIRST_VALUE -> "first_value";
                case LAST_VALUE -> "last_value";
                case NTH_VALUE -> "nth_value";
                // the aggregates first_value, last_value, nth_value (AggregateFunctions) are window functions too
                case OTHER_FUNCTION -> switch (String.valueOf(AggregateFunctions.canonical(call.getOperator()))) {
                    case "first_value", "last_value", "nth_value" -> AggregateFunctions.canonical(call.getOperator());
                    default -> throw new UnsupportedException("the window function " + call.getOperator().getName()
                            + " is not supported; supported: row_number, rank, dense_rank, percent_rank, cume_dist, "
                            + "ntile, lag, lead, first_value, last_value, nth_value");
                };
                default -> throw new UnsupportedException("the window function " + call.getOperator().getName()
                        + " is not supported; supported: row_number, rank, dense_rank, percent_rank, cume_dist, "
                        + "ntile, lag, lead, first_value, last_value, nth_value");
            };
            List<RexNode> operands = call.getOperands();
            int argument = -1;
            long offset = 0;
            Expr.Literal defaultValue = null;
            int first = 0;
            if (function.equals("ntile")) {
                offset = constant(window, operands.get(0), inputCount, function);
                first = 1;
            } else if (!operands.isEmpty()) {
                if (!(operands.get(0) instanceof RexInputRef ref) || ref.getIndex() >= inputCount) {
                    throw new UnsupportedException("the argument of " + function + " must be a column");
                }
                argument = fieldMap[ref.getIndex()];
                first = 1;
            }
            if (function.equals("lag") || function.equals("lead")) {
                offset = operands.size() > 1 ? constant(window, operands.get(1), inputCount, function) : 1;
                if (operands.size() > 2) {
                    RexNode d = operands.get(2);
                    if (d instanceof RexInputRef ref && ref.getIndex() >= inputCount) {
                        d = window.constants.get(ref.getIndex() - inputCount);
                    }
                    if (!(d instanceof org.apache.calcite.rex.RexLiteral lit)) {
                        throw new UnsupportedException("the default of " + function + " must be a constant");
                    }
                    defaultValue = (Expr.Literal) new ExprTranslator(window.getCluster().getRexBuilder()).literal(lit);
                    if (defaultValue.value() == null) {
                        defaultValue = null;
                    }
                }
            } else if (function.equals("nth_value")) {
                offset = constant(window, operands.get(1), inputCount, function);
            } else if (operands.size() > first) {
                throw new UnsupportedException(function + " takes " + first + " argument" + (first == 1 ? "" : "s"));
            }
            RelDataTypeField f = relFields.get(firstCall + i);
            DataType type = Types.toWadi(call.getType());
            functions.add(new org.wadi.spi.plan.WindowFunctionCall(function, argument, offset, defaultValue, type));
            outFields.add(new Field(f.getName(), type, call.getType().isNullable()));
        }
        outFields.add(new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        Schema output = new Schema(outFields);
        int timestamp = in.schema().size() - 1;
        for (int i = 0; i < firstCall; i++) {
            if (fieldMap[i] == timestamp) {
                fieldMap[i] = output.size() - 1;
            }
        }
        for (int i = 0; i < group.aggCalls.size(); i++) {
            fieldMap[firstCall + i] = timestamp + i;
        }
        String by = partition.isEmpty() ? "" : " by " + partition.size() + " key" + (partition.size() == 1 ? "" : "s");
        String id = add("window_function", String.join(", ", functions.stream().map(
                org.wadi.spi.plan.WindowFunctionCall::function).toList()) + " over window" + by,
                new org.wadi.spi.plan.WindowFunctionOperator(in.schema(), partition, orderBy, functions, output));
        edges.add(new PlanEdge(in.id(), id, EdgeKind.SHUFFLE, partition, in.schema()));
        return new Out(id, output, null, in.windowColumn(), in.window());
    }

    /** A window function's constant operand (an offset, a bucket count), a positive whole number. */
    private static long constant(org.apache.calcite.rel.core.Window window, RexNode operand, int inputCount,
            String function) {
        RexNode n = operand;
        if (n instanceof RexInputRef ref && ref.getIndex() >= inputCount) {
            n = window.constants.get(ref.getIndex() - inputCount);
        }
        if (n instanceof org.apache.calcite.rex.RexLiteral lit && lit.getValueAs(java.math.BigDecimal.class) != null) {
            java.math.BigDecimal v = lit.getValueAs(java.math.BigDecimal.class);
            if (v.signum() >= 0 && v.scale() <= 0) {
                return v.longValueExact();
            }
        }
        throw new UnsupportedException("the offset of " + function + " must be a whole number, 0 or more");
    }

    /**
     * A lookup join: each row of the stream on the left joined with the row of the lookup table on
     * the right whose primary key equals its key columns, by a lookup-join operator chained after
     * the stream (no shuffle, no state). Conditions on the table's columns that the optimiser
     * pushed into the right side (a Calc over the table) are applied after the join.
     */
    private Out translateLookupJoin(Join join, String tableName, Calc rightCalc) {
        JoinType type = switch (join.getJoinType()) {
            case INNER -> JoinType.INNER;
            case LEFT -> JoinType.LEFT;
            default -> throw new UnsupportedException("a lookup join is INNER or LEFT, not " + join.getJoinType());
        };
        if (rightCalc != null && type == JoinType.LEFT) {
            throw new UnsupportedException("a LEFT lookup join cannot filter or compute the lookup table's columns "
                    + "before the join: select them as they are and filter after it");
        }
        RelNode right = rightCalc == null ? join.getRight() : rightCalc.getInput();
        ConnectorTable table = ((TableScan) right).getTable().unwrap(PlanningTable.class).table();
        List<Integer> primaryKey = lookupKeys.get(tableName);
        Out left = translate(join.getLeft(), null);
        int lc = join.getLeft().getRowType().getFieldCount();
        JoinInfo info = JoinInfo.createWithStrictEquality(join.getLeft(), join.getRight(), join.getCondition());
        RexBuilder rex = join.getCluster().getRexBuilder();
        List<RexNode> residual = new ArrayList<>(org.apache.calcite.plan.RelOptUtil.conjunctions(info.getRemaining(rex)));
        residual.removeIf(RexNode::isAlwaysTrue);
        if (!residual.isEmpty()) {
            throw new UnsupportedException("a lookup join matches rows on equal keys only (ON s.col = t.key); "
                    + "move other conditions into WHERE");
        }
        Integer[] keys = new Integer[primaryKey.size()];
        for (int i = 0; i < info.rightKeys.size(); i++) {
            int r = info.rightKeys.get(i);
            if (rightCalc != null) {
                RexNode p = rightCalc.getProgram().expandLocalRef(rightCalc.getProgram().getProjectList().get(r));
                r = p instanceof RexInputRef ref ? ref.getIndex() : -1;
            }
            int k = primaryKey.indexOf(r);
            if (k < 0) {
                String column = r >= 0 && r < table.schema().size() ? table.schema().field(r).name()
                        : join.getRight().getRowType().getFieldNames().get(info.rightKeys.get(i));
                throw new UnsupportedException("the right-side of a look-up join condition must be a PRIMARY KEY "
                        + "column, but '" + column + "' is not");
            }
            keys[k] = left.column(info.leftKeys.get(i));
        }
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            if (keys[k] == null) {
                missing.add(table.schema().field(primaryKey.get(k)).name());
            }
        }
        if (info.leftKeys.isEmpty() || !missing.isEmpty()) {
            throw new UnsupportedException("a lookup join with '" + tableName + "' must match its whole PRIMARY KEY "
                    + "(ON s.col = " + tableName + ".key); unmatched: " + String.join(", ", missing.isEmpty()
                    ? primaryKey.stream().map(k -> table.schema().field(k).name()).toList() : missing));
        }
        for (int k = 0; k < keys.length; k++) {
            DataType from = left.schema().field(keys[k]).type();
            DataType to = table.schema().field(primaryKey.get(k)).type();
            if (!from.equals(to)) {
                throw new UnsupportedException("the key of lookup table '" + tableName + "', "
                        + table.schema().field(primaryKey.get(k)).name() + ", is " + to + " but the stream's is " + from
                        + ": CAST it, as in ON CAST(s.col AS " + to + ") = t.key");
            }
        }
        // the joined row: the stream's columns but _op and _timestamp, the table's, [_op], _timestamp
        List<Field> outFields = new ArrayList<>();
        List<Field> streamColumns = left.sideColumns();
        int leftWidth = streamColumns.size() - 1;
        outFields.addAll(streamColumns.subList(0, leftWidth));
        for (Field f : table.schema().fields()) {
            outFields.add(new Field(f.name(), f.type(), f.nullable() || type == JoinType.LEFT));
        }
        if (left.updating()) {
            outFields.add(new Field(Schema.OP_FIELD, DataType.INT32, false));
        }
        outFields.add(new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        Schema output = new Schema(outFields);
        int last = output.size() - 1;
        int tableWidth = table.schema().size();
        // where the fields of the join of the stream and the table scan went
        int[] scanMap = new int[lc + tableWidth + 1];
        for (int i = 0; i < lc; i++) {
            int side = left.sideIndex(i);
            scanMap[i] = side == leftWidth ? last : side;
        }
        for (int j = 0; j < tableWidth; j++) {
            scanMap[lc + j] = leftWidth + j;
        }
        scanMap[lc + tableWidth] = last;
        String id = add("lookup_join", type.name().toLowerCase(java.util.Locale.ROOT) + " lookup join with "
                + tableName, new org.wadi.spi.plan.LookupJoinOperator(left.schema(), table, List.of(keys),
                primaryKey, type, output));
        edges.add(new PlanEdge(left.id(), id, EdgeKind.FORWARD, List.of(), left.schema()));
        Out joined = new Out(id, output, scanMap, left.windowColumn(), left.window());
        if (rightCalc == null) {
            return joined;
        }
        // the right side's Calc, over the joined row: the stream's fields as they are, then its projections
        RexProgram program = rightCalc.getProgram();
        ExprTranslator exprs = new ExprTranslator(rex);
        RexShuttle toJoined = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(scanMap[lc + ref.getIndex()], ref.getType());
            }
        };
        Expr filter = program.getCondition() == null ? null
                : exprs.translate(program.expandLocalRef(program.getCondition()).accept(toJoined));
        List<Expr> projections = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (int c = 0; c < last; c++) {
            if (c < leftWidth || (left.updating() && c == last - 1)) {
                projections.add(new Expr.InputRef(c, output.field(c).type()));
                fields.add(output.field(c));
            }
        }
        int rc = rightCalc.getRowType().getFieldCount();
        int[] fieldMap = new int[lc + rc];
        for (int i = 0; i < lc; i++) {
            fieldMap[i] = scanMap[i] == last ? -1 : scanMap[i];
        }
        List<RelDataTypeField> rightFields = rightCalc.getRowType().getFieldList();
        int opColumn = left.updating() ? leftWidth : -1;
        int rightStart = projections.size() - (left.updating() ? 1 : 0);
        List<Expr> rightExprs = new ArrayList<>();
        List<Field> rightOut = new ArrayList<>();
        int timestampField = -1;
        for (int j = 0; j < rc; j++) {
            RexNode p = program.expandLocalRef(program.getProjectList().get(j));
            if (p instanceof RexInputRef ref && ref.getIndex() == tableWidth) {
                timestampField = j;
                continue;
            }
            fieldMap[lc + j] = rightStart + rightExprs.size();
            rightExprs.add(exprs.translate(p.accept(toJoined)));
            RelDataTypeField f = rightFields.get(j);
            rightOut.add(new Field(f.getName(), Types.toWadi(f.getType()), f.getType().isNullable()));
        }
        List<Expr> allExprs = new ArrayList<>(projections.subList(0, rightStart));
        List<Field> allFields = new ArrayList<>(fields.subList(0, rightStart));
        allExprs.addAll(rightExprs);
        allFields.addAll(rightOut);
        if (opColumn >= 0) {
            allExprs.add(new Expr.InputRef(last - 1, DataType.INT32));
            allFields.add(new Field(Schema.OP_FIELD, DataType.INT32, false));
        }
        allExprs.add(new Expr.InputRef(last, DataType.TIMESTAMP));
        allFields.add(new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        int newLast = allFields.size() - 1;
        for (int i = 0; i < fieldMap.length; i++) {
            if (i < lc ? fieldMap[i] == -1 : (i - lc) == timestampField) {
                fieldMap[i] = newLast;
            }
        }
        Schema calcOutput = new Schema(allFields);
        String calc = add("calc", filter == null ? "project" : "filter + project",
                new CalcOperator(output, filter, allExprs, calcOutput));
        edges.add(new PlanEdge(id, calc, EdgeKind.FORWARD, List.of(), output));
        return new Out(calc, calcOutput, fieldMap, joined.windowColumn(), joined.window());
    }

    /** A side's column in a joined row: nullable on the padded side of an outer join, its event time renamed. */
    private static Field sideField(Field f, String timestampName, boolean nullable) {
        String name = f.name().equals(Schema.TIMESTAMP_FIELD) ? timestampName : f.name();
        return new Field(name, f.type(), f.nullable() || nullable);
    }

    /** UNION ALL: the rows of every input, through one union node. */
    private Out translateUnion(Union union) {
        if (!union.all) {
            throw new UnsupportedException("UNION without ALL (removing duplicates) is not supported yet; use UNION ALL");
        }
        List<Out> inputs = new ArrayList<>();
        for (RelNode input : union.getInputs()) {
            inputs.add(translate(input, null));
        }
        Out first = inputs.get(0);
        for (Out in : inputs) {
            if (in.updating() != first.updating()) {
                throw new UnsupportedException("UNION ALL of updating and append-only rows is not supported");
            }
            if (in.fieldMap() != null && !java.util.Arrays.equals(in.fieldMap(), updatingMap(in.fieldMap().length))) {
                throw new UnsupportedException("internal: a UNION ALL input has reordered columns");
            }
        }
        List<Field> fields = new ArrayList<>(Types.fields(union.getRowType()));
        fields.set(fields.size() - 1, new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        if (first.updating()) {
            fields.add(fields.size() - 1, new Field(Schema.OP_FIELD, DataType.INT32, false));
        }
        Schema schema = new Schema(fields);
        String id = add("union", "union all of " + inputs.size(), new UnionOperator(schema));
        boolean sameWindow = true;
        for (Out in : inputs) {
            edges.add(new PlanEdge(in.id(), id, EdgeKind.FORWARD, List.of(), in.schema()));
            sameWindow &= in.windowColumn() == first.windowColumn() && java.util.Objects.equals(in.window(),
                    first.window());
        }
        return new Out(id, schema, first.fieldMap(), sameWindow ? first.windowColumn() : -1,
                sameWindow ? first.window() : null);
    }

    /**
     * The select item that holds {@code unnest(list)} (as a whole, or inside an expression such as
     * {@code unnest(tags) ->> 'name'}), or -1. As Arroyo: one unnest per select, in a select item,
     * not in WHERE, and not nested in another unnest.
     */
    private static int unnestColumn(Expr filter, List<Expr> projections) {
        if (filter != null && containsUnnest(filter)) {
            throw new UnsupportedException("unnest(…) cannot be used in WHERE: select it, and filter its rows in an "
                    + "outer query");
        }
        int found = -1;
        for (int i = 0; i < projections.size(); i++) {
            Expr p = projections.get(i);
            int calls = countUnnest(p);
            boolean whole = calls > 0;
            if (whole && unnestCall(p).operands().stream().anyMatch(Planning::containsUnnest)) {
                throw new UnsupportedException("unnest(…) cannot be nested in another unnest(…)");
            }
            if (calls > 1) {
                throw new UnsupportedException("only one unnest(…) per SELECT is supported");
            }
            if (whole) {
                if (found >= 0) {
                    throw new UnsupportedException("only one unnest(…) per SELECT is supported");
                }
                found = i;
            }
        }
        return found;
    }

    private static int countUnnest(Expr e) {
        if (!(e instanceof Expr.Call call)) {
            return 0;
        }
        int n = call.op().equals("unnest") ? 1 : 0;
        for (Expr o : call.operands()) {
            n += countUnnest(o);
        }
        return n;
    }

    /** The (one) {@code unnest(…)} call in {@code e}. */
    private static Expr.Call unnestCall(Expr e) {
        Expr.Call call = (Expr.Call) e;
        if (call.op().equals("unnest")) {
            return call;
        }
        for (Expr o : call.operands()) {
            if (containsUnnest(o)) {
                return unnestCall(o);
            }
        }
        throw new IllegalStateException("no unnest in " + e);
    }

    /** {@code e} with its {@code unnest(…)} call replaced by {@code element}. */
    private static Expr replaceUnnest(Expr e, Expr element) {
        if (!(e instanceof Expr.Call call)) {
            return e;
        }
        if (call.op().equals("unnest")) {
            return element;
        }
        List<Expr> operands = new ArrayList<>();
        for (Expr o : call.operands()) {
            operands.add(replaceUnnest(o, element));
        }
        return new Expr.Call(call.op(), operands, call.type());
    }

    private static boolean containsUnnest(Expr e) {
        return e instanceof Expr.Call call
                && (call.op().equals("unnest") || call.operands().stream().anyMatch(Planning::containsUnnest));
    }

    /**
     * Rewrites expressions over a relational input into expressions over the plan node computing
     * it: fields to where they went ({@link Out#fieldMap}), the window's and the join's event time
     * to the node's {@code _timestamp}.
     */
    private static RexShuttle remap(Out in, RexBuilder rex) {
        int timestamp = in.schema().size() - 1;
        return new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return in.fieldMap() == null ? ref : new RexInputRef(in.fieldMap()[ref.getIndex()], ref.getType());
            }

            @Override
            public RexNode visitCall(RexCall call) {
                if (call.getOperator() == Windows.WINDOW_TIMESTAMP || call.getOperator() == Windows.JOIN_TIMESTAMP) {
                    return new RexInputRef(timestamp, call.getType());
                }
                return super.visitCall(call);
            }
        };
    }

    private String add(String kind, String description, org.wadi.spi.plan.OperatorSpec operator) {
        String id = kind + "_" + nextId++;
        nodes.add(new PlanNode(id, description, parallelism, operator));
        return id;
    }

    /** The nodes in a topological order (shared sinks are created before some of their inputs). */
    private List<PlanNode> topologicalOrder() {
        Map<String, Integer> inDegree = new HashMap<>();
        for (PlanNode n : nodes) {
            inDegree.put(n.id(), 0);
        }
        for (PlanEdge e : edges) {
            inDegree.merge(e.target(), 1, Integer::sum);
        }
        List<PlanNode> ordered = new ArrayList<>();
        Deque<PlanNode> ready = new ArrayDeque<>();
        List<PlanNode> waiting = new ArrayList<>(nodes);
        while (!waiting.isEmpty() || !ready.isEmpty()) {
            for (var it = waiting.iterator(); it.hasNext(); ) {
                PlanNode n = it.next();
                if (inDegree.get(n.id()) == 0) {
                    ready.add(n);
                    it.remove();
                }
            }
            if (ready.isEmpty()) {
                throw new IllegalStateException("the plan has a cycle");
            }
            PlanNode n = ready.poll();
            ordered.add(n);
            for (PlanEdge e : edges) {
                if (e.source().equals(n.id())) {
                    inDegree.merge(e.target(), -1, Integer::sum);
                }
            }
        }
        return ordered;
    }
}
