package org.wadi.store.internal;

import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.wadi.store.Udf;

/** The {@code udfs} table (migration V6). */
interface UdfMapper {

    String COLUMNS = "id, prefix, name, language, definition, description, created_at, updated_at";

    /** Inserts unless the name is taken; the number of rows inserted. */
    @Insert("INSERT INTO udfs (" + COLUMNS + ") VALUES (#{id}, #{prefix}, #{name}, #{language}, #{definition},"
            + " #{description}, #{createdAt}, #{updatedAt}) ON CONFLICT (name) DO NOTHING")
    int insertUdf(Udf udf);

    @Select("SELECT " + COLUMNS + " FROM udfs ORDER BY created_at, id")
    List<Udf> listUdfs();

    @Select("SELECT " + COLUMNS + " FROM udfs WHERE id = #{id}")
    Udf getUdf(@Param("id") String id);

    @Delete("DELETE FROM udfs WHERE id = #{id}")
    int deleteUdf(@Param("id") String id);
}
