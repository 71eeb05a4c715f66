package org.wadi.store.internal;

import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.wadi.store.ConnectionProfile;
import org.wadi.store.ConnectionTable;

/** The connection profile and table tables (migration V7); rows as column maps, options apart. */
interface ConnectionMapper {

    String PROFILE_COLUMNS = "id, name, connector, description, created_at";
    String TABLE_COLUMNS = "id, name, connector, profile_id, table_type, schema_json, created_at";

    /** Inserts unless the name is taken; the number of rows inserted. */
    @Insert("INSERT INTO connection_profiles (" + PROFILE_COLUMNS + ") VALUES (#{id}, #{name}, #{connector},"
            + " #{description}, #{createdAt}) ON CONFLICT (name) DO NOTHING")
    int insertProfile(ConnectionProfile profile);

    @Insert("INSERT INTO connection_profile_options (profile_id, position, key, value, encrypted)"
            + " VALUES (#{owner}, #{position}, #{key}, #{value}, #{encrypted})")
    int insertProfileOption(@Param("owner") String owner, @Param("position") int position, @Param("key") String key,
            @Param("value") String value, @Param("encrypted") boolean encrypted);

    @Select("SELECT " + PROFILE_COLUMNS + " FROM connection_profiles ORDER BY created_at, id")
    List<Map<String, Object>> listProfiles();

    @Select("SELECT " + PROFILE_COLUMNS + " FROM connection_profiles WHERE id = #{id}")
    Map<String, Object> getProfile(@Param("id") String id);

    @Select("SELECT " + PROFILE_COLUMNS + " FROM connection_profiles WHERE name = #{name}")
    Map<String, Object> findProfile(@Param("name") String name);

    @Select("SELECT key, value, encrypted FROM connection_profile_options WHERE profile_id = #{id} ORDER BY position")
    List<Map<String, Object>> profileOptions(@Param("id") String id);

    @Select("SELECT name FROM connection_tables WHERE profile_id = #{id} ORDER BY name")
    List<String> tablesUsingProfile(@Param("id") String id);

    @Delete("DELETE FROM connection_profiles WHERE id = #{id}")
    int deleteProfile(@Param("id") String id);

    /** Inserts unless the name is taken; the number of rows inserted. */
    @Insert("INSERT INTO connection_tables (" + TABLE_COLUMNS + ") VALUES (#{id}, #{name}, #{connector},"
            + " #{profileId}, #{tableType}, #{schema}, #{createdAt}) ON CONFLICT (name) DO NOTHING")
    int insertTable(ConnectionTable table);

    @Insert("INSERT INTO connection_table_options (table_id, position, key, value, encrypted)"
            + " VALUES (#{owner}, #{position}, #{key}, #{value}, #{encrypted})")
    int insertTableOption(@Param("owner") String owner, @Param("position") int position, @Param("key") String key,
            @Param("value") String value, @Param("encrypted") boolean encrypted);

    @Select("<script>SELECT " + TABLE_COLUMNS + " FROM connection_tables"
            + "<if test='after != null'> WHERE id &gt; #{after}</if> ORDER BY id LIMIT #{limit}</script>")
    List<Map<String, Object>> listTables(@Param("after") String after, @Param("limit") int limit);

    @Select("SELECT " + TABLE_COLUMNS + " FROM connection_tables WHERE id = #{id}")
    Map<String, Object> getTable(@Param("id") String id);

    @Select("SELECT " + TABLE_COLUMNS + " FROM connection_tables WHERE name = #{name}")
    Map<String, Object> findTable(@Param("name") String name);

    @Select("SELECT key, value, encrypted FROM connection_table_options WHERE table_id = #{id} ORDER BY position")
    List<Map<String, Object>> tableOptions(@Param("id") String id);

    @Delete("DELETE FROM connection_tables WHERE id = #{id}")
    int deleteTable(@Param("id") String id);
}
