package io.raftkv.simulator.check.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a history into independent partitions: union-find over partition keys, where an op
 * naming several keys joins their partitions. The result depends only on the set of ops, not on
 * the order of the list: ops are sorted first, and partitions come in the order of their first op.
 */
final class Partitioning {
    private Partitioning() {}

    static final Comparator<Op<?, ?>> BY_CALL =
            Comparator.<Op<?, ?>>comparingLong(Op::callMicros).thenComparingLong(Op::opId);

    static <S, I, O> List<Partition<I, O>> split(Model<S, I, O> model, List<Op<I, O>> history) {
        List<Op<I, O>> sorted = new ArrayList<>(history);
        sorted.sort(BY_CALL);
        UnionFind keys = new UnionFind();
        List<Op<I, O>> keyed = new ArrayList<>();
        List<Integer> firstKeyOf = new ArrayList<>();
        for (Op<I, O> op : sorted) {
            int first = -1;
            for (Object key : model.partitionKeys(op.input())) {
                int index = keys.indexOf(key);
                if (first < 0) {
                    first = index;
                } else {
                    keys.union(first, index);
                }
            }
            if (first >= 0) {
                keyed.add(op);
                firstKeyOf.add(first);
            }
        }
        // Insertion order (first op) is the partition order; nothing here iterates a hash order.
        Map<Integer, List<Op<I, O>>> opsByRoot = new LinkedHashMap<>();
        for (int i = 0; i < keyed.size(); i++) {
            opsByRoot.computeIfAbsent(keys.find(firstKeyOf.get(i)), root -> new ArrayList<>()).add(keyed.get(i));
        }
        Map<Integer, List<Object>> keysByRoot = new HashMap<>();
        for (int index = 0; index < keys.size(); index++) {
            keysByRoot.computeIfAbsent(keys.find(index), root -> new ArrayList<>()).add(keys.key(index));
        }
        List<Partition<I, O>> partitions = new ArrayList<>();
        opsByRoot.forEach((root, ops) -> partitions.add(new Partition<>(keysByRoot.get(root), ops)));
        return partitions;
    }

    /** Disjoint sets of keys, numbered in the order they are first seen. */
    private static final class UnionFind {
        private final Map<Object, Integer> indexByKey = new HashMap<>();
        private final List<Object> keys = new ArrayList<>();
        private final List<Integer> parent = new ArrayList<>();

        int indexOf(Object key) {
            Integer index = indexByKey.get(key);
            if (index != null) {
                return index;
            }
            keys.add(key);
            parent.add(keys.size() - 1);
            indexByKey.put(key, keys.size() - 1);
            return keys.size() - 1;
        }

        int find(int index) {
            int root = index;
            while (parent.get(root) != root) {
                root = parent.get(root);
            }
            // Path compression keeps later finds short.
            while (parent.get(index) != root) {
                int next = parent.get(index);
                parent.set(index, root);
                index = next;
            }
            return root;
        }

        /** The smaller index becomes the root, so roots do not depend on the order of unions. */
        void union(int a, int b) {
            int rootA = find(a);
            int rootB = find(b);
            if (rootA != rootB) {
                parent.set(Math.max(rootA, rootB), Math.min(rootA, rootB));
            }
        }

        int size() {
            return keys.size();
        }

        Object key(int index) {
            return keys.get(index);
        }
    }
}
