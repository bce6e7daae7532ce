package io.raftkv.simulator.check.linearizability;

import java.util.ArrayList;
import java.util.List;

/** Builds register histories for tests, numbering ops in the order they are added. */
final class RegisterHistory {
    private final List<Op<RegisterModel.Input, Integer>> ops = new ArrayList<>();

    RegisterHistory write(int client, String key, int value, long call, long ret) {
        return add(client, new RegisterModel.Write(key, value), 0, call, ret);
    }

    RegisterHistory read(int client, String key, int value, long call, long ret) {
        return add(client, new RegisterModel.Read(key), value, call, ret);
    }

    RegisterHistory cas(int client, String key, int expected, int next, boolean swapped, long call, long ret) {
        return add(client, new RegisterModel.Cas(key, expected, next), swapped ? 1 : 0, call, ret);
    }

    RegisterHistory copy(int client, String from, String to, long call, long ret) {
        return add(client, new RegisterModel.Copy(from, to), 0, call, ret);
    }

    /** An op whose outcome nobody saw: it may have taken effect at any time after its call, or never. */
    RegisterHistory unknown(int client, RegisterModel.Input input, long call) {
        ops.add(Op.unknown(ops.size(), client, input, call));
        return this;
    }

    private RegisterHistory add(int client, RegisterModel.Input input, int output, long call, long ret) {
        ops.add(new Op<>(ops.size(), client, input, output, call, ret));
        return this;
    }

    List<Op<RegisterModel.Input, Integer>> ops() {
        return List.copyOf(ops);
    }

    CheckResult check() {
        return check(new RegisterModel(), 1_000_000);
    }

    CheckResult check(RegisterModel model, long stepBudget) {
        return LinearizabilityChecker.check(model, ops(), stepBudget);
    }
}
