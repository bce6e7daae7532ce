package io.raftkv.kv.cli;

/** A bad command line: the message names the flag and the rule its value broke. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
