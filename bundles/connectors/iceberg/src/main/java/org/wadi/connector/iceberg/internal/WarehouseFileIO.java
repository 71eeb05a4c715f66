package org.wadi.connector.iceberg.internal;

import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/** Iceberg's file access for the sink: {@code s3://} locations through the storage service, the rest local. */
final class WarehouseFileIO implements FileIO {

    private final LocalFileIO local;
    private final ObjectStoreFileIO objects;

    WarehouseFileIO(LocalFileIO local, ObjectStoreFileIO objects) {
        this.local = local;
        this.objects = objects;
    }

    private FileIO of(String location) {
        return ObjectStoreFileIO.handles(location) ? objects : local;
    }

    @Override
    public InputFile newInputFile(String location) {
        return of(location).newInputFile(location);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return of(location).newOutputFile(location);
    }

    @Override
    public void deleteFile(String location) {
        of(location).deleteFile(location);
    }

    /**
     * Nothing: Iceberg's REST catalog closes the file access of tables it no longer tracks, while the
     * sink goes on using it; the sink {@link #release releases} it when it closes.
     */
    @Override
    public void close() {
    }

    /** Closes the object stores opened. */
    void release() {
        objects.close();
    }
}
