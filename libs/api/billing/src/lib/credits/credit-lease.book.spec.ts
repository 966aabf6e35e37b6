import { CreditLeaseBook, LEASE_MULTIPLE, leaseChunk, newInstanceId } from './credit-lease.book';

describe('leaseChunk', () => {
  it('grows by up to LEASE_MULTIPLE requests, at least the shortfall, never more than the account has', () => {
    expect(leaseChunk(100, 100, 1_000_000, false)).toBe(LEASE_MULTIPLE * 100);
    expect(leaseChunk(100, 100, 700, false)).toBe(700);
    expect(leaseChunk(100, 100, 99, false)).toBe(0);
    expect(leaseChunk(0, 100, 1_000, false)).toBe(0);
  });

  it('takes at most half of what is free when other instances may lease too, but always the shortfall', () => {
    expect(leaseChunk(100, 100, 1_000, true)).toBe(500);
    expect(leaseChunk(100, 100, 150, true)).toBe(100);
    // In whole requests beyond the shortfall: half of 500 is two requests' worth, not two and a half.
    expect(leaseChunk(100, 100, 500, true)).toBe(200);
    expect(leaseChunk(40, 100, 500, true)).toBe(240);
    expect(leaseChunk(100, 100, 1_000_000, true)).toBe(LEASE_MULTIPLE * 100);
  });
});

describe('CreditLeaseBook', () => {
  it('admits against the free part: lease − in flight − unflushed', () => {
    const book = new CreditLeaseBook('i1');
    expect(book.tryHold('a', 'r1', 10, 0)).toBe(false);
    book.granted('a', 100);
    expect(book.tryHold('a', 'r1', 60, 0)).toBe(true);
    expect(book.tryHold('a', 'r2', 60, 0)).toBe(false);
    expect(book.free('a')).toBe(40);
    // r1 ends having cost 25: its hold goes, its cost waits for the batch.
    expect(book.finish('r1', 25, 1)?.id).toBe('lease:i1:a');
    expect(book.free('a')).toBe(75);
    expect(book.finish('r1', 25, 1)).toBeNull();
    // The batch takes 25 out of the lease row.
    book.settled('a', 25, 25);
    expect(book.find('a')).toMatchObject({ amount: 75, inflight: 0, unflushed: 0 });
    expect(book.free('a')).toBe(75);
  });

  it('lets a cost beyond the hold go out of the lease as far as it reaches', () => {
    const book = new CreditLeaseBook('i1');
    book.granted('a', 50);
    book.tryHold('a', 'r', 40, 0);
    book.finish('r', 70, 0);
    expect(book.free('a')).toBe(-20);
    book.settled('a', 70, 50);
    expect(book.find('a')).toMatchObject({ amount: 0, unflushed: 0 });
  });

  it('forgets a lease whose row was released under it', () => {
    const book = new CreditLeaseBook('i1');
    book.granted('a', 50);
    book.tryHold('a', 'r', 40, 0);
    book.finish('r', 10, 0);
    book.settled('a', 10, null);
    expect(book.free('a')).toBe(0);
  });

  it('shrinks idle leases: only the free part is set aside, and nothing is free meanwhile', () => {
    const book = new CreditLeaseBook('i1');
    book.granted('a', 100);
    book.granted('b', 100);
    book.tryHold('b', 'rb', 30, 5_000);
    expect(book.idle(1_000).map((l) => l.accountId)).toEqual(['a']);
    const setAside = book.takeFree('a');
    expect(setAside).toBe(100);
    expect(book.free('a')).toBe(0);
    expect(book.tryHold('a', 'ra', 1, 6_000)).toBe(false);
    // The database gave back all of it: the lease is gone.
    book.returned('a', setAside, 100);
    expect(book.find('a')).toBeUndefined();
    // A partial return (the row held less) and a refused one (the database was away).
    expect(book.takeFree('b', 20)).toBe(20);
    book.returned('b', 20, 0);
    expect(book.free('b')).toBe(70);
    expect(book.liveIds()).toEqual(['lease:i1:b']);
  });

  it('makes instance ids that keep a lease id within 64 characters', () => {
    const id = newInstanceId();
    expect(new CreditLeaseBook(id).leaseId('0f6e1b9a-8a43-4b8e-9a43-5c1c0bd3f1aa').length).toBeLessThanOrEqual(64);
    expect(newInstanceId()).not.toBe(id);
  });
});
