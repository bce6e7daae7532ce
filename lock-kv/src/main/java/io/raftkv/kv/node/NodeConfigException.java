package io.raftkv.kv.node;

/**
 * A bad value in a {@link NodeConfig}: names the field, the value and the rule it broke, so that a
 * front end (the command line) can say the same in its own words (its flag instead of the field).
 */
public final class NodeConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;
    private final String rule;

    public NodeConfigException(String field, Object value, String rule) {
        super("invalid node configuration: " + field + " = " + value + ": " + rule);
        this.field = field;
        this.value = String.valueOf(value);
        this.rule = rule;
    }

    /** The field, as NodeConfig names it; a member's field reads {@code members[name].peerUrl}. */
    public String field() {
        return field;
    }

    public String value() {
        return value;
    }

    public String rule() {
        return rule;
    }
}
