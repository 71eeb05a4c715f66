package org.wadi.store.internal;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.wadi.store.CheckpointState;

/** {@link CheckpointState} as its stored name ({@code in_progress}, {@code completed}, {@code failed}). */
final class CheckpointStateTypeHandler extends BaseTypeHandler<CheckpointState> {

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, CheckpointState parameter, JdbcType jdbcType) throws SQLException {
        ps.setString(i, parameter.wire());
    }

    @Override
    public CheckpointState getNullableResult(ResultSet rs, String columnName) throws SQLException {
        return parse(rs.getString(columnName));
    }

    @Override
    public CheckpointState getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
        return parse(rs.getString(columnIndex));
    }

    @Override
    public CheckpointState getNullableResult(CallableStatement cs, int columnIndex) throws SQLException {
        return parse(cs.getString(columnIndex));
    }

    private static CheckpointState parse(String wire) {
        return wire == null ? null : CheckpointState.parse(wire);
    }
}
