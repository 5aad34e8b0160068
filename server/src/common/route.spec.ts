import { API } from '@wuzha/shared';
import { ROUTE_NAME, Route } from './route';

// @Route wraps the handler: responses are parsed by the route's schema (unknown keys stripped, a
// mismatch thrown as a server error), and the route metadata sits on the wrapped method.
class Probe {
  constructor(private readonly value: unknown) {}

  @Route('bulletins.open')
  open(): unknown {
    return this.value;
  }
}

describe('Route response validation', () => {
  it('strips unknown keys', async () => {
    const out = await new Probe({ groupCounted: true, groupName: 'g', confirmedAt: null, secret: 'x' }).open();
    expect(out).toEqual({ groupCounted: true, groupName: 'g', confirmedAt: null });
    expect(API['bulletins.open'].response.safeParse(out).success).toBe(true);
  });

  it('refuses a response that does not match its schema', async () => {
    await expect(Promise.resolve(new Probe({ groupCounted: 'yes' }).open())).rejects.toThrow(/does not match its schema/);
  });

  it('keeps the handler name and route metadata on the wrapper', () => {
    const handler = Probe.prototype.open;
    expect(handler.name).toBe('open');
    expect(Reflect.getMetadata(ROUTE_NAME, handler)).toBe('bulletins.open');
  });
});
