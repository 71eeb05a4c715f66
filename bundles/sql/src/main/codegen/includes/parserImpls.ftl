<#--
  Wadi's additions to Calcite's grammar. Each production is referenced from config.fmpp.
-->

/**
 * CREATE TABLE name [(column type [NOT NULL | NULL], ...)] [WITH (key = value, ...)]
 * (after CREATE [OR REPLACE], which SqlCreate() has consumed).
 */
SqlCreate SqlCreateConnectorTable(Span s, boolean replace) :
{
    final SqlIdentifier id;
    boolean ifNotExists = false;
    SqlNodeList columns = SqlNodeList.EMPTY;
    SqlNodeList tableOptions = SqlNodeList.EMPTY;
}
{
    <TABLE>
    [ LOOKAHEAD(3) <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
    id = CompoundIdentifier()
    [ columns = WadiColumnList() ]
    [ <WITH> tableOptions = WadiTableOptionList() ]
    {
        return new SqlCreateConnectorTable(s.end(this), replace, ifNotExists, id, columns, tableOptions);
    }
}

SqlNodeList WadiColumnList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode column;
}
{
    <LPAREN> { s = span(); }
    column = WadiColumnDeclaration() { list.add(column); }
    (
        <COMMA> column = WadiColumnDeclaration() { list.add(column); }
    )*
    <RPAREN>
    {
        return new SqlNodeList(list, s.end(this));
    }
}

SqlNode WadiColumnDeclaration() :
{
    final SqlIdentifier name;
    final SqlDataTypeSpec type;
    boolean nullable = true;
    final Span s;
}
{
    name = SimpleIdentifier() { s = span(); }
    type = DataType()
    [
        <NOT> <NULL> { nullable = false; }
    |
        <NULL> { nullable = true; }
    ]
    {
        return new SqlColumnDeclaration(s.end(this), name, type, nullable);
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
