<#--
  Wadi's additions to Calcite's grammar. Each production is referenced from config.fmpp.
-->

/**
 * CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name [(element, ...)] [PARTITIONED BY (expression, ...)]
 * [WITH (key = value, ...)] [AS query] (after CREATE [OR REPLACE], which SqlCreate() has consumed). The elements are columns,
 * {@code WATERMARK FOR column [AS expression]} and {@code PRIMARY KEY (column, ...)}.
 */
SqlCreate SqlCreateConnectorTable(Span s, boolean replace) :
{
    final SqlIdentifier id;
    boolean temporary = false;
    boolean ifNotExists = false;
    SqlNodeList elements = SqlNodeList.EMPTY;
    SqlNodeList partitionedBy = SqlNodeList.EMPTY;
    SqlNodeList tableOptions = SqlNodeList.EMPTY;
    SqlNode query = null;
}
{
    [ <TEMPORARY> { temporary = true; } ]
    <TABLE>
    [ LOOKAHEAD(3) <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
    id = CompoundIdentifier()
    [ elements = WadiTableElementList() ]
    [ <PARTITIONED> <BY> partitionedBy = ParenthesizedQueryOrCommaList(ExprContext.ACCEPT_NON_QUERY) ]
    [ <WITH> tableOptions = WadiTableOptionList() ]
    [ <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) { query = wadiJsonArrows(query); } ]
    {
        return new SqlCreateConnectorTable(s.end(this), replace, temporary, ifNotExists, id, elements, partitionedBy,
            tableOptions, query);
    }
}

/** CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name AS query. */
SqlCreate SqlCreateWadiView(Span s, boolean replace) :
{
    final SqlIdentifier id;
    boolean ifNotExists = false;
    SqlNode query;
}
{
    <VIEW>
    [ LOOKAHEAD(3) <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
    id = CompoundIdentifier()
    <AS>
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        return new SqlCreateView(s.end(this), replace, ifNotExists, id, wadiJsonArrows(query));
    }
}

SqlNodeList WadiTableElementList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode element;
}
{
    <LPAREN> { s = span(); }
    element = WadiTableElement() { list.add(element); }
    (
        <COMMA> element = WadiTableElement() { list.add(element); }
    )*
    <RPAREN>
    {
        return new SqlNodeList(list, s.end(this));
    }
}

/** A column, {@code WATERMARK FOR column [AS expression]} or {@code PRIMARY KEY (column, ...)}. */
SqlNode WadiTableElement() :
{
    final Span s;
    final SqlIdentifier column;
    SqlNode expression = null;
    final SqlNodeList columns;
    final SqlNode element;
}
{
    (
        LOOKAHEAD(2)
        <WATERMARK> { s = span(); } <FOR> column = SimpleIdentifier()
        [ <AS> expression = Expression(ExprContext.ACCEPT_NON_QUERY) ]
        { element = new SqlWatermarkDeclaration(s.end(this), column, expression); }
    |
        LOOKAHEAD(2)
        <PRIMARY> { s = span(); } <KEY> columns = ParenthesizedSimpleIdentifierList()
        { element = new SqlPrimaryKeyDeclaration(s.end(this), columns); }
    |
        element = WadiColumnDeclaration()
    )
    {
        return element;
    }
}

/**
 * name type, then in any order: NOT NULL | NULL, PRIMARY KEY, GENERATED ALWAYS AS (expression)
 * [STORED], METADATA FROM 'key'.
 */
SqlNode WadiColumnDeclaration() :
{
    final SqlIdentifier name;
    final SqlDataTypeSpec type;
    boolean nullable = true;
    boolean primaryKey = false;
    SqlNode generated = null;
    SqlNode metadataKey = null;
    final Span s;
}
{
    name = SimpleIdentifier() { s = span(); }
    type = DataType()
    (
        <NOT> <NULL> { nullable = false; }
    |
        <NULL> { nullable = true; }
    |
        <PRIMARY> <KEY> { primaryKey = true; }
    |
        <GENERATED> <ALWAYS> <AS> <LPAREN> generated = Expression(ExprContext.ACCEPT_NON_QUERY) <RPAREN>
        [ <STORED> ]
    |
        <METADATA> <FROM> metadataKey = StringLiteral()
    )*
    {
        return new SqlColumnDeclaration(s.end(this), name, type, nullable, primaryKey,
            generated == null ? null : wadiJsonArrows(generated), metadataKey);
    }
}

SqlNodeList WadiTableOptionList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode option;
}
{
    <LPAREN> { s = span(); }
    [
        option = WadiTableOption() { list.add(option); }
        (
            <COMMA> option = WadiTableOption() { list.add(option); }
        )*
    ]
    <RPAREN>
    {
        return new SqlNodeList(list, s.end(this));
    }
}

/** key = value, where key is an identifier (dotted allowed) or a string, and value a string, number or boolean. */
SqlNode WadiTableOption() :
{
    final SqlNode key;
    final SqlNode value;
    final Span s;
}
{
    (
        key = CompoundIdentifier()
    |
        key = StringLiteral()
    )
    { s = span(); }
    <EQ>
    (
        value = StringLiteral()
    |
        value = NumericLiteral()
    |
        <TRUE> { value = SqlLiteral.createBoolean(true, getPos()); }
    |
        <FALSE> { value = SqlLiteral.createBoolean(false, getPos()); }
    )
    {
        return new SqlTableOption(s.end(this), key, value);
    }
}

/**
 * A query or an INSERT, as Calcite parses them, then with the JSON arrows Calcite's grammar
 * misreads put right: in a function's arguments `f(col -> 'key')` is parsed as a lambda (Calcite's
 * LAMBDA token is `->`), while Arroyo's SQL has no lambdas and means json_get(col, 'key').
 */
SqlNode WadiQueryOrInsert() :
{
    final SqlNode stmt;
}
{
    (
        stmt = SqlInsert()
    |
        stmt = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    )
    {
        return wadiJsonArrows(stmt);
    }
}

/** Replaces, in place, every one-parameter lambda under {@code node} by the JSON arrow it stands for. */
JAVACODE SqlNode wadiJsonArrows(SqlNode node)
{
    if (node instanceof SqlNodeList) {
        SqlNodeList list = (SqlNodeList) node;
        for (int i = 0; i < list.size(); i++) {
            SqlNode e = list.get(i);
            SqlNode r = e == null ? null : wadiJsonArrows(e);
            if (r != e) {
                list.set(i, r);
            }
        }
        return node;
    }
    if (!(node instanceof SqlCall)) {
        return node;
    }
    SqlCall call = (SqlCall) node;
    List<SqlNode> operands = call.getOperandList();
    for (int i = 0; i < operands.size(); i++) {
        SqlNode o = operands.get(i);
        SqlNode r = o == null ? null : wadiJsonArrows(o);
        if (r != o) {
            call.setOperand(i, r);
        }
    }
    if (node instanceof SqlLambda && ((SqlLambda) node).getParameters().size() == 1) {
        SqlLambda lambda = (SqlLambda) node;
        return wadiArrowInto(lambda.getParameters().get(0), lambda.getExpression());
    }
    return node;
}

/**
 * {@code left -> body} where {@code body} was parsed on its own: the arrow takes the leftmost
 * operand of the operators in {@code body} that bind less tightly than it does (as the expression
 * {@code left -> body} would have been parsed), so {@code col -> 'a' = 'x'} compares json_get(col, 'a').
 */
JAVACODE SqlNode wadiArrowInto(SqlNode left, SqlNode body)
{
    if (body instanceof SqlCall && ((SqlCall) body).operandCount() > 0 && ((SqlCall) body).operand(0) != null) {
        SqlCall call = (SqlCall) body;
        SqlOperator op = call.getOperator();
        String name = op.getName().toLowerCase(java.util.Locale.ROOT);
        boolean arrow = op instanceof SqlUnresolvedFunction
            && (name.equals("json_get") || name.equals("json_as_text"));
        boolean looser = (op.getSyntax() == SqlSyntax.BINARY || op.getSyntax() == SqlSyntax.POSTFIX
            || op instanceof SqlLikeOperator || op instanceof SqlBetweenOperator)
            && op.getLeftPrec() <= wadiArrowPrecedence();
        if (arrow || looser) {
            call.setOperand(0, wadiArrowInto(left, call.operand(0)));
            return call;
        }
    }
    return wadiJsonCall("json_get", left.getParserPosition().plus(body.getParserPosition()), left, body);
}

/**
 * {@code json -> key} and {@code json ->> key}, left-associative and as tight as {@code ||} (as
 * PostgreSQL's other operators): {@code col -> 'a' ->> 'b' = 'x'} compares
 * json_as_text(json_get(col, 'a'), 'b').
 */
void WadiJsonArrow(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlOperator op;
}
{
    (
        <LAMBDA> { op = wadiJsonArrow("->", "json_get"); }
    |
        <WADI_LONG_ARROW> { op = wadiJsonArrow("->>", "json_as_text"); }
    )
    {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
    }
    AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
}

/** The arrows' precedence: that of {@code ||} and {@code *} in Calcite's grammar. */
JAVACODE int wadiArrowPrecedence()
{
    return 60;
}

/** An arrow operator whose calls are built as calls of {@code function}, validated as such. */
JAVACODE SqlOperator wadiJsonArrow(String symbol, final String function)
{
    return new SqlBinaryOperator(symbol, SqlKind.OTHER, wadiArrowPrecedence(), true, null, null, null) {
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos, SqlNode[] operands) {
            return new SqlUnresolvedFunction(new SqlIdentifier(function, pos), null, null, null, null,
                SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(functionQualifier, pos, operands);
        }
    };
}

JAVACODE SqlCall wadiJsonCall(String function, SqlParserPos pos, SqlNode json, SqlNode key)
{
    return createCall(new SqlIdentifier(function, pos), pos, SqlFunctionCategory.USER_DEFINED_FUNCTION, null,
        new SqlNode[] {json, key});
}

/**
 * contains(…), uuid(), empty(…) and range(…): DataFusion's functions, whose names Calcite's grammar
 * reserves (CONTAINS for period predicates, UUID as a type name, EMPTY in JSON clauses, RANGE in
 * window frames), parsed as ordinary calls.
 */
SqlNode WadiReservedNameCall() :
{
    final Span s;
    final String name;
    final List<SqlNode> args = new ArrayList<SqlNode>();
    SqlNode e;
}
{
    (
        <CONTAINS> { name = "contains"; }
    |
        <UUID> { name = "uuid"; }
    |
        <EMPTY> { name = "empty"; }
    |
        <RANGE> { name = "range"; }
    |
        <UNNEST> { name = "unnest"; }
    )
    { s = span(); }
    <LPAREN>
    [
        e = Expression(ExprContext.ACCEPT_SUB_QUERY) { args.add(e); }
        (
            <COMMA> e = Expression(ExprContext.ACCEPT_SUB_QUERY) { args.add(e); }
        )*
    ]
    <RPAREN>
    {
        return createCall(new SqlIdentifier(name, s.pos()), s.end(this), SqlFunctionCategory.USER_DEFINED_FUNCTION,
            null, args);
    }
}

/** DataFusion's array literal {@code [e1, e2, …]}: make_array(e1, e2, …). */
SqlNode WadiArrayLiteral() :
{
    final Span s;
    final List<SqlNode> args = new ArrayList<SqlNode>();
    SqlNode e;
}
{
    <LBRACKET> { s = span(); }
    [
        e = Expression(ExprContext.ACCEPT_SUB_QUERY) { args.add(e); }
        (
            <COMMA> e = Expression(ExprContext.ACCEPT_SUB_QUERY) { args.add(e); }
        )*
    ]
    <RBRACKET>
    {
        return createCall(new SqlIdentifier("make_array", s.pos()), s.end(this),
            SqlFunctionCategory.USER_DEFINED_FUNCTION, null, args);
    }
}

/**
 * Arroyo's struct type, STRUCT<name type [NOT NULL], …> (Calcite's ROW(name type, …)), in columns
 * and CASTs. The fields of a nullable struct column are nullable (Calcite's rule), NOT NULL or not.
 */
SqlTypeNameSpec WadiStructTypeName() :
{
    final List<SqlIdentifier> fieldNames = new ArrayList<SqlIdentifier>();
    final List<SqlDataTypeSpec> fieldTypes = new ArrayList<SqlDataTypeSpec>();
    final Span s;
}
{
    <STRUCT> { s = span(); }
    <LT>
    WadiStructField(fieldNames, fieldTypes)
    ( <COMMA> WadiStructField(fieldNames, fieldTypes) )*
    <GT>
    {
        return new SqlRowTypeNameSpec(s.end(this), fieldNames, fieldTypes);
    }
}

void WadiStructField(List<SqlIdentifier> fieldNames, List<SqlDataTypeSpec> fieldTypes) :
{
    final SqlIdentifier name;
    final SqlDataTypeSpec type;
    boolean nullable = true;
}
{
    name = SimpleIdentifier() type = DataType()
    [ <NOT> <NULL> { nullable = false; } ]
    {
        fieldNames.add(name);
        fieldTypes.add(type.withNullable(nullable));
    }
}

/**
 * DataFusion's ORDER BY inside a call's parentheses, as in {@code first_value(x ORDER BY y)}: added
 * as the call's last operand, which AggregateOrderBy turns into WITHIN GROUP (ORDER BY …).
 */
void WadiCallOrderBy(List<SqlNode> list) :
{
    final SqlNodeList orderBy;
}
{
    orderBy = OrderBy(true) { list.add(orderBy); }
}
