package vn.ketnoi.core.config;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * A configuration value refused by {@link ConfigLoader}. {@link #property()} (also
 * {@link #field()}) is the property or environment variable as the application wrote it, for
 * example {@code ketnoi.http.connect-timeout} or {@code KETNOI_HTTP_CONNECT_TIMEOUT}; the message
 * starts with it and never repeats a secret.
 */
public class ConfigurationException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /**
     * A setting that cannot be used.
     *
     * @param property the setting's name
     * @param problem what is wrong, never a secret value
     */
    public ConfigurationException(String property, String problem) {
        super(property, problem);
    }

    /**
     * A setting that cannot be used.
     *
     * @param property the setting's name
     * @param problem what is wrong, never a secret value
     * @param cause the parse failure behind it
     */
    public ConfigurationException(String property, String problem, Throwable cause) {
        super(property, problem, cause);
    }

    /** {@return the property or environment variable at fault} */
    public String property() {
        return field();
    }
}
