package io.ratelab.limit;

/** SCAFFOLD: replaced by the algorithm's implementation before this lands. */
final class NginxLimitReq implements LimitAlgorithm {
    NginxLimitReq(LimiterSpec spec) { throw new UnsupportedOperationException("NginxLimitReq is not built yet"); }
    @Override public Algorithm type() { throw new UnsupportedOperationException(); }
    @Override public int stateSlots() { throw new UnsupportedOperationException(); }
    @Override public void initialize(long[] state, int offset, long nowNanos) { throw new UnsupportedOperationException(); }
    @Override public Decision acquire(long[] state, int offset, long nowNanos, int permits) { throw new UnsupportedOperationException(); }
    @Override public boolean isIdle(long[] state, int offset, long nowNanos) { throw new UnsupportedOperationException(); }
    @Override public Policy policy() { throw new UnsupportedOperationException(); }
}
