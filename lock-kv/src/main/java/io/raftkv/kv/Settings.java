package io.raftkv.kv;

/** Checks of configuration values (limits, periods), each failure naming the setting and the value it got. */
public final class Settings {
    private Settings() {
    }

    public static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    public static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
