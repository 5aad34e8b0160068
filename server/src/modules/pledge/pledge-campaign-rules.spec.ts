import { Role } from '@wuzha/shared';
import { AccessScope } from '../org/access.service';
import { audienceUnder, scopeRoots, seesCampaign, trackRoots } from './pledge-campaign-rules';

// town /1/2/, school /1/2/10/, classes /1/2/10/11/ and /1/2/10/12/, village /1/2/20/ with grid /1/2/20/21/
const scopeOf = (...grants: Array<[Role, string]>) => new AccessScope(7, grants.map(([role, path], i) => ({ membershipId: i + 1, role, nodeId: Number(path.split('/').at(-2)), path })));
const campaign = (ownerPath: string, ...paths: string[]) => ({ ownerPath, scope: paths.map((path) => ({ nodeId: Number(path.split('/').at(-2)), path })) });

describe('pledge campaign visibility', () => {
  const schoolWide = campaign('/1/2/10/', '/1/2/10/11/', '/1/2/10/12/');

  it('managers and trackers of the owner see the whole scope', () => {
    for (const s of [scopeOf(['town_admin', '/1/2/']), scopeOf(['school_admin', '/1/2/10/'])]) {
      expect(seesCampaign(s, schoolWide)).toBe(true);
      expect(trackRoots(s, schoolWide)).toEqual(['/1/2/10/11/', '/1/2/10/12/']);
    }
  });

  it('a teacher follows only their own classes of the scope', () => {
    const teacher = scopeOf(['teacher', '/1/2/10/11/']);
    expect(seesCampaign(teacher, schoolWide)).toBe(true);
    expect(trackRoots(teacher, schoolWide)).toEqual(['/1/2/10/11/']);
    // a teacher of a class outside the scope sees nothing of it
    const other = scopeOf(['teacher', '/1/2/10/13/']);
    expect(seesCampaign(other, schoolWide)).toBe(false);
    expect(trackRoots(other, schoolWide)).toEqual([]);
  });

  it('roles without pledge.track or pledge.manage see nothing, whatever they hold', () => {
    for (const role of ['student', 'parent', 'resident', 'grid_worker', 'police_liaison'] as Role[]) {
      const s = scopeOf([role, '/1/2/10/11/'], [role, '/1/2/']);
      expect(seesCampaign(s, schoolWide)).toBe(false);
      expect(trackRoots(s, schoolWide)).toEqual([]);
    }
  });

  it('a village cadre follows their village of a town-wide campaign; nested roots are dropped', () => {
    const townWide = campaign('/1/2/', '/1/2/', '/1/2/20/21/');
    const cadre = scopeOf(['village_cadre', '/1/2/20/'], ['teacher', '/1/2/20/21/']);
    expect(seesCampaign(cadre, townWide)).toBe(true);
    expect(trackRoots(cadre, townWide)).toEqual(['/1/2/20/']);
    expect(scopeRoots(townWide)).toEqual(['/1/2/']);
  });
});

describe('audienceUnder', () => {
  it('knows which audiences can have signers below a node of each kind', () => {
    const under = (kind: Parameters<typeof audienceUnder>[1]) => (['students', 'residents', 'staff', 'units'] as const).filter((a) => audienceUnder(a, kind));
    expect(under('town')).toEqual(['students', 'residents', 'staff', 'units']);
    // villages may hold schools and units
    expect(under('village')).toEqual(['students', 'residents', 'staff', 'units']);
    expect(under('school')).toEqual(['students', 'staff']);
    expect(under('class')).toEqual(['students', 'staff']);
    expect(under('enterprise')).toEqual(['staff', 'units']);
    // a grid holds residents and buildings (units with contacts)
    expect(under('grid')).toEqual(['residents', 'staff', 'units']);
  });
});
