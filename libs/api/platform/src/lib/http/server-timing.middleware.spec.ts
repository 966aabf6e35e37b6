import { ServerTiming } from './server-timing.middleware';

describe('ServerTiming', () => {
  it("reports the gateway's time alone when no upstream was called", () => {
    expect(new ServerTiming(100).header(100.424)).toBe('gateway;dur=0.42');
  });

  it("counts every upstream span as the upstream's, and a span still open at the headers up to then", () => {
    const now = jest.spyOn(performance, 'now');
    try {
      const timing = new ServerTiming(0);
      now.mockReturnValue(1);
      timing.upstreamStarted();
      now.mockReturnValue(6);
      // A failed attempt, then another route: the first span ends when the second starts.
      timing.upstreamStarted();
      now.mockReturnValue(9);
      timing.upstreamEnded();
      timing.upstreamEnded();
      now.mockReturnValue(10);
      timing.upstreamStarted();
      expect(timing.header(12)).toBe('gateway;dur=2.00, upstream;dur=10.00');
    } finally {
      now.mockRestore();
    }
  });
});
