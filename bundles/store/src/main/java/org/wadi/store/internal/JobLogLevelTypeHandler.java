package org.wadi.store.internal;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.wadi.store.JobLogLevel;

/** {@link JobLogLevel} as its stored name ({@code info}, {@code warn}, {@code error}). */
final class JobLogLevelTypeHandler extends BaseTypeHandler<JobLogLevel> {

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, JobLogLevel parameter, JdbcType jdbcType) throws SQLException {
        ps.setString(i, parameter.wire());
    }

    @Override
    public JobLogLevel getNullableResult(ResultSet rs, String columnName) throws SQLException {
        return parse(rs.getString(columnName));
    }

    @Override
    public JobLogLevel getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
        return parse(rs.getString(columnIndex));
    }

    @Override
    public JobLogLevel getNullableResult(CallableStatement cs, int columnIndex) throws SQLException {
        return parse(cs.getString(columnIndex));
    }

    private static JobLogLevel parse(String wire) {
        return wire == null ? null : JobLogLevel.parse(wire);
    }
}
