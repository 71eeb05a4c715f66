package org.wadi.store.internal;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.wadi.spi.job.StopMode;

/** {@link StopMode} as its API name ({@code none}, {@code checkpoint}…), as the table's check allows. */
final class StopModeTypeHandler extends BaseTypeHandler<StopMode> {

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, StopMode parameter, JdbcType jdbcType) throws SQLException {
        ps.setString(i, parameter.wire());
    }

    @Override
    public StopMode getNullableResult(ResultSet rs, String columnName) throws SQLException {
        return parse(rs.getString(columnName));
    }

    @Override
    public StopMode getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
        return parse(rs.getString(columnIndex));
    }

    @Override
    public StopMode getNullableResult(CallableStatement cs, int columnIndex) throws SQLException {
        return parse(cs.getString(columnIndex));
    }

    private static StopMode parse(String wire) {
        return wire == null ? null : StopMode.parse(wire);
    }
}
