package io.raftkv.kv.lease;

/** Lease ids print as etcd prints them: hex, with the decimal value beside it. */
public final class LeaseIds {
    private LeaseIds() {
    }

    public static String format(long id) {
        return Long.toHexString(id) + " (" + id + ")";
    }
}
