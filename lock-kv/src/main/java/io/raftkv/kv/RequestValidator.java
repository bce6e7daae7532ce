package io.raftkv.kv;
import io.raftkv.kv.proto.*;
// TEMPORARY STUB (never committed)
public final class RequestValidator {
    public static void validate(RequestOp op, KvLimits limits) {}
    public static void validateRange(RangeRequest r, KvLimits limits) {}
}
