package io.raftkv.simulator.check.linearizability;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Integer registers (0 until written) for testing the checker. Outputs: a read returns the value,
 * a CAS 1 if it swapped and 0 if not, a write or copy 0 (its acknowledgement).
 */
final class RegisterModel implements Model<RegisterModel.Registers, RegisterModel.Input, Integer> {
    private final boolean declareReadsReadOnly;

    RegisterModel() {
        this(true);
    }

    /** With false, unknown reads stay in the search: to show why the checker drops them. */
    RegisterModel(boolean declareReadsReadOnly) {
        this.declareReadsReadOnly = declareReadsReadOnly;
    }

    /** Values by register; a register never written is absent. Immutable, value equality. */
    record Registers(Map<String, Integer> values) {
        Registers {
            values = Map.copyOf(values);
        }

        int get(String key) {
            return values.getOrDefault(key, 0);
        }

        Registers with(String key, int value) {
            Map<String, Integer> next = new HashMap<>(values);
            next.put(key, value);
            return new Registers(next);
        }
    }

    sealed interface Input {}

    record Write(String key, int value) implements Input {}

    record Read(String key) implements Input {}

    record Cas(String key, int expected, int next) implements Input {}

    /** Touches two registers, so it links their partitions. */
    record Copy(String from, String to) implements Input {}

    @Override
    public Registers initial() {
        return new Registers(Map.of());
    }

    @Override
    public Optional<Registers> step(Registers state, Input input, Integer output) {
        if (input instanceof Write write) {
            return acknowledged(output) ? Optional.of(state.with(write.key(), write.value())) : Optional.empty();
        }
        if (input instanceof Read read) {
            return output == null || output == state.get(read.key()) ? Optional.of(state) : Optional.empty();
        }
        if (input instanceof Cas cas) {
            boolean swaps = state.get(cas.key()) == cas.expected();
            if (output != null && output != (swaps ? 1 : 0)) {
                return Optional.empty();
            }
            return Optional.of(swaps ? state.with(cas.key(), cas.next()) : state);
        }
        Copy copy = (Copy) input;
        return acknowledged(output) ? Optional.of(state.with(copy.to(), state.get(copy.from()))) : Optional.empty();
    }

    private static boolean acknowledged(Integer output) {
        return output == null || output == 0;
    }

    @Override
    public Collection<?> partitionKeys(Input input) {
        if (input instanceof Copy copy) {
            return List.of(copy.from(), copy.to());
        }
        if (input instanceof Write write) {
            return List.of(write.key());
        }
        if (input instanceof Read read) {
            return List.of(read.key());
        }
        return List.of(((Cas) input).key());
    }

    @Override
    public boolean readOnly(Input input) {
        return declareReadsReadOnly && input instanceof Read;
    }
}
