package org.wadi.spi.connector;

/**
 * A connector refused a table definition or could not do its work. The message is shown to users
 * as is: it names the option, value or record at fault and what would be valid.
 */
public class ConnectorException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConnectorException(String message) {
        super(message);
    }

    public ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
