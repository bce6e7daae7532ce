package io.raftkv.simulator.nemesis;

import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.net.Network;
import io.raftkv.simulator.net.SendListener;
import io.raftkv.simulator.node.SimNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a fault schedule: begins each fault at its window's start, undoes exactly what it
 * did at the window's end, and heals everything at once when the quiet period begins.
 */
public final class Nemesis {
    private final EventLoop loop;
    private final FaultTarget target;
    private final CrashTraps traps;
    private long faultsBegun;
    /** After the final heal, undoing a fault would undo the heal's work twice; the undos become no-ops. */
    private boolean healed;

    public Nemesis(EventLoop loop, FaultTarget target) {
        this.loop = loop;
        this.target = target;
        this.traps = new CrashTraps(loop, this::crash);
    }

    /** Must see every send, after the checks: it crashes senders that spring an armed trap. */
    public SendListener traps() {
        return traps;
    }

    public long faultsBegun() {
        return faultsBegun;
    }

    public long trapsSprung() {
        return traps.sprung();
    }

    /** How often traps for {@code trigger} crashed a node. */
    public long trapsSprung(Fault.Trigger trigger) {
        return traps.sprung(trigger);
    }

    /** Where the node's snapshot work reports its crash points: armed traps spring there. */
    public CrashPoints crashPoints() {
        return traps;
    }

    public void install(List<FaultWindow> windows, long healMicros) {
        for (FaultWindow window : windows) {
            long digest = window.startMicros() * 31 + window.endMicros();
            loop.at(window.startMicros(), EventKind.NEMESIS, 0, digest, () -> {
                if (healed) {
                    return;
                }
                faultsBegun++;
                Runnable undo = begin(window.fault());
                loop.at(window.endMicros(), EventKind.NEMESIS, 0, digest + 1, () -> {
                    if (!healed) {
                        undo.run();
                    }
                });
            });
        }
        loop.at(healMicros, EventKind.NEMESIS, 0, -1, this::healAll);
    }

    /** Every fault ends: links restored, spikes gone, processes resumed, machines restarted, disks fast. */
    public void healAll() {
        healed = true;
        traps.heal();
        target.network().healAll();
        for (long id = 1; id <= target.size(); id++) {
            SimNode node = target.node(id);
            node.resume();
            node.disk().slowDown(1);
            if (!node.isUp()) {
                target.restart(id);
            }
        }
    }

    private Runnable begin(Fault fault) {
        Network network = target.network();
        if (fault instanceof Fault.Partition p) {
            return cutAll(network, p.side(), others(p.side()), true);
        } else if (fault instanceof Fault.OneWay o) {
            return cutAll(network, o.from(), o.to(), false);
        } else if (fault instanceof Fault.Bridge b) {
            return cutAll(network, List.of(b.node()), b.unreachable(), true);
        } else if (fault instanceof Fault.IsolateLeader i) {
            long leader = resolve(0, i.fallback());
            return cutAll(network, List.of(leader), others(List.of(leader)), true);
        } else if (fault instanceof Fault.Swizzle swizzle) {
            return swizzle(network, swizzle);
        } else if (fault instanceof Fault.TransferLeadership t) {
            transferLeadership(t.target());
            return () -> {};
        } else if (fault instanceof Fault.Crash c) {
            return crash(resolve(c.node(), c.fallback()));
        } else if (fault instanceof Fault.Pause p) {
            SimNode node = target.node(resolve(p.node(), p.fallback()));
            node.pause();
            return node::resume;
        } else if (fault instanceof Fault.ClockChange c) {
            SimNode node = target.node(c.node());
            node.clock().setDrift(loop.nowMicros(), c.driftPpm());
            node.clock().jumpForward(loop.nowMicros(), c.jumpMicros());
            return () -> {};
        } else if (fault instanceof Fault.NetworkSpike s) {
            network.addSpike(s.lossPpm(), s.duplicatePpm(), s.latencyMicros());
            return () -> network.removeSpike(s.lossPpm(), s.duplicatePpm(), s.latencyMicros());
        } else if (fault instanceof Fault.CrashAfterSend trap) {
            traps.arm(trap);
            Runnable isolation = () -> {};
            if (trap.isolateLeader()) {
                long leader = resolve(0, trap.fallback());
                isolation = cutAll(network, List.of(leader), others(List.of(leader)), true);
            }
            Runnable undoIsolation = isolation;
            return () -> {
                traps.disarm(trap);
                undoIsolation.run();
            };
        } else if (fault instanceof Fault.SnapshotTrap trap) {
            return snapshotTrap(network, trap);
        } else if (fault instanceof Fault.SlowDisk s) {
            SimNode node = target.node(s.node());
            node.disk().slowDown(s.factor());
            return () -> node.disk().slowDown(1);
        }
        throw new IllegalArgumentException("unknown fault " + fault);
    }

    /** Clogs now and over the next steps; the undo unclogs in its own order, also step by step. */
    private Runnable swizzle(Network network, Fault.Swizzle swizzle) {
        Runnable[] unclog = new Runnable[target.size() + 1];
        for (int i = 0; i < swizzle.clogOrder().size(); i++) {
            long node = swizzle.clogOrder().get(i);
            loop.after(i * swizzle.stepMicros(), EventKind.NEMESIS, node, i, () -> {
                if (!healed) {
                    unclog[(int) node] = cutAll(network, List.of(node), others(List.of(node)), true);
                }
            });
        }
        return () -> {
            for (int i = 0; i < swizzle.unclogOrder().size(); i++) {
                long node = swizzle.unclogOrder().get(i);
                loop.after(i * swizzle.stepMicros(), EventKind.NEMESIS, node, -i, () -> {
                    // A clog still to come (a window shorter than the clogging) is simply never undone
                    // here; the final heal clears it.
                    if (!healed && unclog[(int) node] != null) {
                        unclog[(int) node].run();
                        unclog[(int) node] = null;
                    }
                });
            }
        };
    }

    /** Arms the trap for the window; cuts the laggard off now and lets it rejoin after the lag. */
    private Runnable snapshotTrap(Network network, Fault.SnapshotTrap snapshotTrap) {
        Fault.CrashAfterSend trap = new Fault.CrashAfterSend(snapshotTrap.trigger(), snapshotTrap.downMicros(), false,
                snapshotTrap.laggard());
        traps.arm(trap);
        long leader = target.currentLeader();
        long laggard = snapshotTrap.laggard() != leader ? snapshotTrap.laggard() : snapshotTrap.laggard() % target.size() + 1;
        Runnable[] rejoin = {cutAll(network, List.of(laggard), others(List.of(laggard)), true)};
        Runnable rejoinOnce = () -> {
            if (rejoin[0] != null) {
                rejoin[0].run();
                rejoin[0] = null;
            }
        };
        loop.after(snapshotTrap.lagMicros(), EventKind.NEMESIS, laggard, snapshotTrap.lagMicros(), () -> {
            if (!healed) {
                rejoinOnce.run();
            }
        });
        return () -> {
            traps.disarm(trap);
            rejoinOnce.run();
        };
    }

    /** The outcome does not matter here: a refused or failed transfer is part of the test too. */
    private void transferLeadership(long wanted) {
        long leader = target.currentLeader();
        if (leader == 0) {
            return;
        }
        long to = wanted != leader ? wanted : wanted % target.size() + 1;
        if (to != leader) {
            target.node(leader).raft().transferLeadership(to);
        }
    }

    private Runnable crash(long nodeId) {
        SimNode node = target.node(nodeId);
        if (!node.isUp()) {
            return () -> {};
        }
        node.crash();
        return () -> {
            if (!node.isUp()) {
                target.restart(nodeId);
            }
        };
    }

    private long resolve(long nodeId, long fallback) {
        if (nodeId != 0) {
            return nodeId;
        }
        long leader = target.currentLeader();
        return leader != 0 ? leader : fallback;
    }

    private List<Long> others(List<Long> side) {
        List<Long> rest = new ArrayList<>();
        for (long id = 1; id <= target.size(); id++) {
            if (!side.contains(id)) {
                rest.add(id);
            }
        }
        return rest;
    }

    /** Cuts every link from {@code a} to {@code b} (and back when {@code bothWays}); returns the undo. */
    private static Runnable cutAll(Network network, List<Long> a, List<Long> b, boolean bothWays) {
        List<long[]> cut = new ArrayList<>();
        for (long from : a) {
            for (long to : b) {
                if (from != to) {
                    cut.add(new long[] {from, to});
                    if (bothWays) {
                        cut.add(new long[] {to, from});
                    }
                }
            }
        }
        cut.forEach(link -> network.cut(link[0], link[1]));
        return () -> cut.forEach(link -> network.restore(link[0], link[1]));
    }
}
