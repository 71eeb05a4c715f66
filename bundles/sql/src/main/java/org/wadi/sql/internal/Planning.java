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
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
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
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
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
import org.wadi.sql.internal.parser.SqlTableOption;
import org.wadi.sql.internal.parser.impl.WadiSqlParserImpl;

/**
 * One run of the planner over one query text: parses the statements, resolves the tables through
 * their connectors, then validates, optimises and translates each INSERT or SELECT into nodes of
 * one {@link DataflowPlan}. Not thread-safe; made afresh for every call.
 *
 * <p>Shape of the plan in this slice: Source → Calc → Sink, FORWARD edges, every node at the
 * requested parallelism. Each table read gets one source node, shared by all statements reading
 * it; each table written gets one sink node, shared by all statements writing it (its inputs are
 * a union). Each bare SELECT gets a sink of its own on the {@code preview} connector.
 */
final class Planning {

    private static final Logger LOG = LoggerFactory.getLogger(Planning.class);

    static final String PREVIEW_CONNECTOR = "preview";

    /** Filter and projection into one Calc per chain: the engine's Calc operator does both. */
    private static final HepProgram OPTIMISE = new HepProgramBuilder()
            .addRuleInstance(CoreRules.FILTER_TO_CALC)
            .addRuleInstance(CoreRules.PROJECT_TO_CALC)
            .addRuleInstance(CoreRules.CALC_MERGE)
            .build();

    private final String sql;
    private final int parallelism;
    private final ConnectorLookup connectors;
    private final FileAccess files;
    private final List<Diagnostic> errors = new ArrayList<>();

    private final JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(WadiTypeSystem.INSTANCE);
    private final CalciteSchema root = CalciteSchema.createRootSchema(false, false);
    private final CalciteCatalogReader catalogReader;

    private final Map<String, ConnectorTable> tables = new LinkedHashMap<>();
    /** Tables whose definition failed: statements using them are skipped, the definition's error says why. */
    private final Set<String> brokenTables = new HashSet<>();

    private final List<PlanNode> nodes = new ArrayList<>();
    private final List<PlanEdge> edges = new ArrayList<>();
    private final Map<String, Out> sourceNodes = new HashMap<>();
    private final Map<String, String> sinkNodes = new HashMap<>();
    private int nextId = 1;
    /** Source node id → its watermark node. */
    private final Map<String, Out> watermarkNodes = new HashMap<>();
    /** Tables' {@code idle_micros}, in nanoseconds. */
    private final Map<String, Long> idleNanos = new HashMap<>();
    /** Above 0 while translating a window aggregate's input: sources are read through their watermark node. */
    private int windowDepth;

    /** A node's id and the schema of the rows it emits. */
    private record Out(String id, Schema schema, int[] fieldMap) {

        Out(String id, Schema schema) {
            this(id, schema, null);
        }
    }

    /** A validated query and its relational form. */
    private record Query(SqlNode validated, RelNode rel, RelOptCluster cluster) {
    }

    Planning(String sql, int parallelism, ConnectorLookup connectors, FileAccess files) {
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

    PlanResult run() {
        if (parallelism < 1) {
            return new PlanResult(null, List.of(new Diagnostic(
                    "parallelism must be at least 1, was " + parallelism, null)));
        }
        SqlNodeList statements;
        try {
            statements = SqlParser.create(ArroyoIntervals.normalize(sql), parserConfig()).parseStmtList();
        } catch (SqlParseException e) {
            return new PlanResult(null, List.of(Diagnostics.parse(e)));
        } catch (CalciteContextException e) {
            return new PlanResult(null, List.of(Diagnostics.context(e)));
        }

        List<SqlNode> queries = new ArrayList<>();
        for (SqlNode statement : statements) {
            if (statement instanceof SqlCreateConnectorTable create) {
                guard(statement, () -> createTable(create));
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
        int previews = 0;
        for (SqlNode query : queries) {
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

    /** Runs one statement's work, turning every failure into a diagnostic for that statement. */
    private void guard(SqlNode statement, Runnable work) {
        try {
            work.run();
        } catch (UnsupportedException e) {
            errors.add(Diagnostics.at(e.getMessage(), e.pos() != null ? e.pos() : statement.getParserPosition()));
        } catch (CalciteContextException e) {
            errors.add(Diagnostics.context(e));
        } catch (RuntimeException e) {
            LOG.warn("planning failed on a statement", e);
            errors.add(Diagnostics.at("This statement could not be planned: " + e, statement.getParserPosition()));
        }
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

    private void createTable(SqlCreateConnectorTable create) {
        SqlIdentifier id = create.name();
        if (!id.isSimple()) {
            throw new UnsupportedException("Table names must be simple names, not '" + id + "'",
                    id.getParserPosition());
        }
        String name = id.getSimple();
        if (tables.containsKey(name) || brokenTables.contains(name)) {
            if (create.ifNotExists()) {
                return;
            }
            if (!create.getReplace()) {
                throw new UnsupportedException("Table '" + name + "' is already defined", id.getParserPosition());
            }
        }
        brokenTables.add(name);
        tables.remove(name);

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
        for (String later : List.of("event_time_field", "watermark_field")) {
            if (options.containsKey(later)) {
                throw new UnsupportedException("Option '" + later + "' is not supported yet: the event time of a row "
                        + "is the time its connector gives it", optionPos(create, later));
            }
        }
        if (connectorName == null) {
            throw new UnsupportedException("Table '" + name + "' has no 'connector' option (tables without a "
                    + "connector are not supported yet). Available connectors: " + available(),
                    create.getParserPosition());
        }
        Connector connector = connectors.find(connectorName);
        if (connector == null) {
            throw new UnsupportedException("Unknown connector '" + connectorName + "'. Available connectors: "
                    + available(), connectorOption.getParserPosition());
        }
        Schema declared = declaredColumns(create);
        ConnectorTable table;
        try {
            table = connector.table(new TableRequest(name, declared, new Options(connectorName, options), files));
        } catch (ConnectorException e) {
            throw new UnsupportedException(e.getMessage(), create.getParserPosition());
        }
        if (table == null) {
            throw new UnsupportedException("Connector '" + connectorName + "' resolved no table for '" + name + "'",
                    create.getParserPosition());
        }
        if (table.schema().indexOf(Schema.TIMESTAMP_FIELD) >= 0) {
            throw new UnsupportedException("Table '" + name + "' has a column named '" + Schema.TIMESTAMP_FIELD
                    + "', which is reserved for the event time", create.getParserPosition());
        }
        // the connector's schema must be one the planner can type; fail here, at the definition
        Types.rowType(typeFactory, table.schema());
        brokenTables.remove(name);
        tables.put(name, table);
        root.add(name, new PlanningTable(table));
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

    private Schema declaredColumns(SqlCreateConnectorTable create) {
        List<Field> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        SqlValidator validator = null;
        for (SqlColumnDeclaration column : create.columns()) {
            String columnName = column.name().getSimple();
            if (!seen.add(columnName)) {
                throw new UnsupportedException("Column '" + columnName + "' is declared twice",
                        column.name().getParserPosition());
            }
            if (columnName.equals(Schema.TIMESTAMP_FIELD)) {
                throw new UnsupportedException("The column name '" + Schema.TIMESTAMP_FIELD
                        + "' is reserved for the event time", column.name().getParserPosition());
            }
            if (validator == null) {
                validator = newValidator();
            }
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
        ConnectorTable sink = table(name, target.getParserPosition());
        if (!sink.roles().contains(TableRole.SINK)) {
            throw new UnsupportedException("Table '" + name + "' (connector '" + sink.connector()
                    + "') cannot be written to: its connector is not a sink", target.getParserPosition());
        }
        Query query = prepare(insert.getSource());
        if (query == null) {
            return;
        }
        List<RelDataTypeField> produced = visibleFields(query);
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
        ConnectorTable sinkTable = sink;
        String sinkId = sinkNodes.computeIfAbsent(name,
                n -> add("sink", sinkTable.connector() + " sink", new SinkOperator(sinkTable)));
        edges.add(new PlanEdge(out.id(), sinkId, EdgeKind.FORWARD, List.of(), out.schema()));
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
        String sinkId = add("sink", "preview sink", new SinkOperator(table));
        edges.add(new PlanEdge(out.id(), sinkId, EdgeKind.FORWARD, List.of(), out.schema()));
    }

    /** The query's columns users see: all but the hidden event time, which {@link #prepare} put last. */
    private static List<RelDataTypeField> visibleFields(Query query) {
        List<RelDataTypeField> all = query.rel().getRowType().getFieldList();
        List<RelDataTypeField> visible = all.subList(0, all.size() - 1);
        for (int i = 0; i < visible.size(); i++) {
            if (visible.get(i).getName().equals(Schema.TIMESTAMP_FIELD)) {
                throw new UnsupportedException("An output column cannot be named '" + Schema.TIMESTAMP_FIELD
                        + "': the name is reserved for the event time; give it another name, e.g. "
                        + "_timestamp AS ts", selectItemPos(query.validated(), i, query.validated()));
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
        SupportCheck.checkQuery(query);
        if (!appendTimestamp(query)) {
            return null;
        }
        SqlValidator validator = newValidator();
        SqlNode validated = validator.validate(query);
        SupportCheck.checkValidated(validated);
        RelOptCluster cluster = RelOptCluster.create(new HepPlanner(HepProgram.builder().build()),
                new RexBuilder(typeFactory));
        SqlToRelConverter converter = new SqlToRelConverter(null, validator, catalogReader, cluster,
                StandardConvertletTable.INSTANCE,
                SqlToRelConverter.config()
                        .withTrimUnusedFields(false)
                        .withExpand(false)
                        // keep IN lists as comparisons rather than joins with VALUES
                        .withInSubQueryThreshold(Integer.MAX_VALUE));
        RelRoot root = converter.convertQuery(validated, false, true);
        return new Query(validated, root.project(), cluster);
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
        if (!(query instanceof SqlSelect select)) {
            throw new UnsupportedException("this kind of query is not supported yet", query.getParserPosition());
        }
        SqlNode from = select.getFrom();
        if (from == null) {
            throw new UnsupportedException("a SELECT without FROM is not supported yet", select.getParserPosition());
        }
        SqlNode base = from.getKind() == SqlKind.AS ? ((SqlCall) from).operand(0) : from;
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
            if (!table.roles().contains(TableRole.SOURCE)) {
                throw new UnsupportedException("Table '" + name + "' (connector '" + table.connector()
                        + "') cannot be read: its connector is not a source", id.getParserPosition());
            }
        } else if (!appendTimestamp(base)) {
            return false;
        }
        Windows.fieldAccess(select);
        // the event time: the rows' own, or for a windowed aggregate its window's end - 1 ns
        SqlNode eventTime = Windows.rewrite(select);
        select.getSelectList().add(eventTime);
        return true;
    }

    private ConnectorTable table(String name, SqlParserPos pos) {
        ConnectorTable table = tables.get(name);
        if (table == null) {
            throw new UnsupportedException("Table '" + name + "' not found. Defined tables: "
                    + (tables.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(tables.keySet()))), pos);
        }
        return table;
    }

    private SqlValidator newValidator() {
        return new WadiValidator(
                // DataFusion's functions first: where Calcite has one of the same name, Arroyo's meaning wins
                SqlOperatorTables.chain(WadiFunctions.INSTANCE, SqlStdOperatorTable.instance(), Windows.OPERATORS),
                catalogReader, typeFactory,
                SqlValidator.Config.DEFAULT
                        .withConformance(WadiConformance.INSTANCE)
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
            return type.getFullTypeString();
        }
    }

    // ---------------------------------------------------------------- translation

    /**
     * Translates an optimised query into plan nodes, returning the last one. {@code names} are the
     * output column names of the top node (the optimiser may have lost them), {@code null} below.
     */
    private Out translate(RelNode rel, List<String> names) {
        if (rel instanceof TableScan scan) {
            PlanningTable table = scan.getTable().unwrap(PlanningTable.class);
            ConnectorTable t = table.table();
            Out source = sourceNodes.computeIfAbsent(t.name(), n -> new Out(
                    add("source", t.connector() + " source", new SourceOperator(t)), t.schema().withTimestamp()));
            return windowDepth > 0 ? watermarked(t, source) : source;
        }
        if (rel instanceof Aggregate agg) {
            return translateAggregate(agg);
        }
        if (rel instanceof Calc calc) {
            Out in = translate(calc.getInput(), null);
            RexProgram program = calc.getProgram();
            if (program.isTrivial() && in.fieldMap() == null) {
                return in;
            }
            ExprTranslator exprs = new ExprTranslator(calc.getCluster().getRexBuilder());
            RexShuttle remap = in.fieldMap() == null ? null : remap(in, calc.getCluster().getRexBuilder());
            java.util.function.Function<RexNode, Expr> tr = r -> exprs.translate(remap == null ? r : r.accept(remap));
            Expr filter = program.getCondition() == null ? null
                    : tr.apply(program.expandLocalRef(program.getCondition()));
            List<Expr> projections = program.getProjectList().stream()
                    .map(r -> tr.apply(program.expandLocalRef(r)))
                    .toList();
            List<Field> fields = new ArrayList<>(Types.fields(calc.getRowType()));
            if (names != null) {
                for (int i = 0; i < names.size(); i++) {
                    Field f = fields.get(i);
                    fields.set(i, new Field(names.get(i), f.type(), f.nullable()));
                }
            }
            // the event time keeps its reserved name and type, whatever the query called things
            fields.set(fields.size() - 1, new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
            Schema output = new Schema(fields);
            String description = filter == null ? "project"
                    : program.projectsOnlyIdentity() ? "filter" : "filter + project";
            String id = add("calc", description, new CalcOperator(in.schema(), filter, projections, output));
            edges.add(new PlanEdge(in.id(), id, EdgeKind.FORWARD, List.of(), in.schema()));
            return new Out(id, output);
        }
        if (rel instanceof Values values && values.getTuples().isEmpty()) {
            throw new UnsupportedException("This query never produces a row: its WHERE clause is always false");
        }
        throw new UnsupportedException("The query needs a " + rel.getRelTypeName().replace("Logical", "")
                + " operator, which is not supported yet");
    }

    /** The watermark node of a table (one per source node, chained after it), created on first use. */
    private Out watermarked(ConnectorTable table, Out source) {
        return watermarkNodes.computeIfAbsent(source.id(), id -> {
            long idle = idleNanos.getOrDefault(table.name(), 0L);
            String wm = add("watermark", "watermark (event time - 1 s)", new WatermarkOperator(source.schema(),
                    WatermarkOperator.DEFAULT_DELAY_NANOS, idle, WatermarkOperator.DEFAULT_PERIOD_NANOS));
            edges.add(new PlanEdge(source.id(), wm, EdgeKind.FORWARD, List.of(), source.schema()));
            return new Out(wm, source.schema());
        });
    }

    /**
     * A windowed aggregate: a Calc computing the keys, the aggregates' arguments and the event time
     * over the watermarked input, a SHUFFLE by the keys, and the window aggregate. Its output's
     * columns are ordered differently from the Aggregate's (keys, aggregates, window, event time):
     * the returned {@link Out#fieldMap} says where each Aggregate column went.
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
            condition = program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
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
        if (window == null) {
            throw new UnsupportedException(Windows.UPDATING);
        }
        WindowSpec spec;
        try {
            spec = Windows.spec(window);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedException("invalid window: " + e.getMessage());
        }
        List<RexNode> exprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        List<Field> outFields = new ArrayList<>();
        List<RelDataTypeField> aggFields = agg.getRowType().getFieldList();
        int[] fieldMap = new int[aggFields.size()];
        int groupPos = 0;
        for (int g : agg.getGroupSet()) {
            if (g != windowKey) {
                fieldMap[groupPos] = keys.size();
                keys.add(exprs.size());
                exprs.add(inputExprs.get(g));
                names.add("k" + keys.size());
                RelDataTypeField f = aggFields.get(groupPos);
                outFields.add(new Field(f.getName(), Types.toWadi(f.getType()), f.getType().isNullable()));
            }
            groupPos++;
        }
        List<org.wadi.spi.plan.AggregateCall> calls = new ArrayList<>();
        for (AggregateCall call : agg.getAggCallList()) {
            if (call.isDistinct()) {
                throw new UnsupportedException("DISTINCT aggregates are not supported yet");
            }
            if (call.filterArg >= 0) {
                throw new UnsupportedException("aggregates with FILTER are not supported yet");
            }
            if (call.getArgList().size() > 1) {
                throw new UnsupportedException("aggregates of several arguments are not supported yet");
            }
            String function = switch (call.getAggregation().getKind()) {
                case COUNT -> "count";
                case SUM, SUM0 -> "sum";
                case MIN -> "min";
                case MAX -> "max";
                case AVG -> "avg";
                default -> throw new UnsupportedException("the aggregate " + call.getAggregation().getName()
                        + " is not supported yet; supported: count, sum, min, max, avg");
            };
            int argument = -1;
            if (!call.getArgList().isEmpty()) {
                RexNode arg = inputExprs.get(call.getArgList().get(0));
                argument = exprs.indexOf(arg);
                if (argument < keys.size()) {
                    // a key's column is one of its own; an argument column is shared by the aggregates over it
                    argument = exprs.size();
                    exprs.add(arg);
                    names.add("a" + argument);
                }
            }
            calls.add(new org.wadi.spi.plan.AggregateCall(function, argument, false, Types.toWadi(call.getType())));
        }
        for (int i = 0; i < calls.size(); i++) {
            RelDataTypeField f = aggFields.get(agg.getGroupCount() + i);
            fieldMap[agg.getGroupCount() + i] = keys.size() + i;
            outFields.add(new Field(f.getName(), Types.toWadi(f.getType()), f.getType().isNullable()));
        }
        int windowIndex = keys.size() + calls.size();
        fieldMap[agg.getGroupSet().asList().indexOf(windowKey)] = windowIndex;
        outFields.add(new Field(aggFields.get(agg.getGroupSet().asList().indexOf(windowKey)).getName(),
                WindowAggregateOperator.WINDOW_TYPE, false));
        outFields.add(new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        // the event time the window follows: the first operand of the window function
        exprs.add(window.getOperands().get(0));
        names.add(Schema.TIMESTAMP_FIELD);

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
        Schema output = new Schema(outFields);
        String kind = spec.kind().name().toLowerCase(java.util.Locale.ROOT);
        String description = kind + " window aggregate" + (keys.isEmpty() ? "" : " by " + keys.size() + " key"
                + (keys.size() == 1 ? "" : "s"));
        String id = add("window", description, new WindowAggregateOperator(in.schema(), spec, keys, calls, output));
        edges.add(new PlanEdge(in.id(), id, EdgeKind.SHUFFLE, keys, in.schema()));
        return new Out(id, output, fieldMap);
    }

    /** Rewrites expressions over an Aggregate into expressions over its window aggregate node. */
    private static RexShuttle remap(Out in, RexBuilder rex) {
        int[] map = in.fieldMap();
        int timestamp = in.schema().size() - 1;
        return new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(map[ref.getIndex()], ref.getType());
            }

            @Override
            public RexNode visitCall(RexCall call) {
                if (call.getOperator() == Windows.WINDOW_TIMESTAMP) {
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
