package dev.prism;

/**
 * A setting with a value it cannot have: the message names the setting as the library calls it
 * ({@code "learning rate must be > 0, got -1.0"}), never a command-line flag; the command line
 * puts its option's name in its place ({@code "--lr must be > 0, got -1.0"}).
 */
public class SettingException extends IllegalArgumentException {

    private final String setting;
    private final String rest;

    /** {@code setting} then {@code rest}, e.g. ("learning rate", " must be > 0, got -1.0"). */
    public SettingException(String setting, String rest) {
        super(setting + rest);
        this.setting = setting;
        this.rest = rest;
    }

    /** The setting's name, as the message begins with it. */
    public String setting() {
        return setting;
    }

    /** The message with another name for the setting (a command-line option, say). */
    public String messageFor(String name) {
        return name + rest;
    }
}
