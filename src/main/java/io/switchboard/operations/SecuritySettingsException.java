package io.switchboard.operations;

/** A security setting that must be fixed before the service may start; its message names the setting. */
public class SecuritySettingsException extends RuntimeException {

    public SecuritySettingsException(String message) {
        super(message);
    }
}
