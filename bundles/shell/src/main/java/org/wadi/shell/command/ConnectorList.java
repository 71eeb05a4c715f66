package org.wadi.shell.command;

import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;

/** {@code wadi:connector-list}: the connectors installed now, the names SQL uses in {@code connector = '…'}. */
@Service
@Command(scope = "wadi", name = "connector-list",
        description = "Lists the connectors installed now (including those dropped into deploy/), with what they can do.")
public class ConnectorList implements Action {

    @Reference(optional = true)
    List<Connector> connectors;

    @Option(name = "--all", aliases = "-a", description = "Include hidden connectors (e.g. preview)")
    boolean all;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Display name");
        table.column("Source");
        table.column("Sink");
        table.column("Lookup");
        table.column("Description");
        table.emptyTableText("no connectors");
        List<ConnectorMetadata> found = connectors == null ? List.of()
                : connectors.stream().map(Connector::metadata).filter(m -> all || !m.hidden())
                        .sorted(Comparator.comparing(ConnectorMetadata::id)).toList();
        for (ConnectorMetadata m : found) {
            table.addRow().addContent(m.id(), m.name(), yes(m.source()), yes(m.sink()), yes(m.lookup()),
                    m.description() == null ? "" : m.description());
        }
        table.print(System.out);
        return null;
    }

    private static String yes(boolean b) {
        return b ? "yes" : "";
    }
}
