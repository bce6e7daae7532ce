package io.raftkv.simulator.check.linearizability;

/** Two ops whose revisions contradict real time or each other; {@code explanation} says how. */
public record RevisionOrderViolation(Op<?, ?> earlier, Op<?, ?> later, String explanation) {}
