package io.raftkv.kv;

/** A lease id as messages show it: hex as etcdctl prints ids, and decimal as the API carries them. */
public final class LeaseText {
    private LeaseText() {
    }

    public static String of(long id) {
        return "0x" + Long.toHexString(id) + " (" + id + ")";
    }
}
